package dev.muster.module.builtin;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.Args;
import dev.muster.module.LocalAction;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.template.Expressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks conditions on the host's variables; the first false one fails the host. Runs in the controller. */
public final class AssertModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("that", Type.CONDITIONS)
            .optional("fail_msg", Type.STRING).alias("fail_msg", "msg")
            .optional("success_msg", Type.STRING, "All assertions passed")
            .optional("quiet", Type.BOOL, false)
            .build();

    @Override
    public String name() {
        return "assert";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    /** The conditions, for the planner to check their syntax before any host is touched. */
    public static List<String> conditions(Args args) {
        return args.list("that").stream().map(String::valueOf).toList();
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        List<String> that = conditions(args);
        return new LocalAction(() -> {
            for (String condition : that) {
                if (!Expressions.test(condition, context.vars())) {
                    String msg = args.has("fail_msg") ? args.string("fail_msg") : "Assertion failed";
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("msg", msg);
                    data.put("assertion", condition);
                    data.put("evaluated_to", false);
                    return TaskResult.failed(msg + " (" + condition + ")").withData(data);
                }
            }
            String msg = args.string("success_msg");
            return TaskResult.ok(msg).withData(Map.of("msg", msg));
        });
    }
}

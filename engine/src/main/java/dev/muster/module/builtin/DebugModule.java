package dev.muster.module.builtin;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.Args;
import dev.muster.module.LocalAction;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.template.TemplatedValues;
import dev.muster.template.Variables;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shows a message or a variable's value; runs in the controller. */
public final class DebugModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .optional("msg", Type.ANY)
            .optional("var", Type.STRING)
            .optional("verbosity", Type.INT, 0)
            .mutuallyExclusive("msg", "var")
            .build();

    @Override
    public String name() {
        return "debug";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        if (args.has("var")) {
            String var = args.string("var").strip();
            return new LocalAction(() -> {
                Object value = Variables.isPath(var) && Variables.defined(context.vars(), var)
                        ? Variables.lookup(context.vars(), var).orElse(null)
                        : Variables.isPath(var) ? "VARIABLE IS NOT DEFINED!" : TemplatedValues.renderValue("{{ " + var + " }}", context.vars());
                Map<String, Object> data = new LinkedHashMap<>();
                data.put(var, value);
                return TaskResult.ok(var + ": " + TemplatedValues.stringify(value)).withData(data);
            });
        }
        Object msg = args.has("msg") ? args.values().get("msg") : "Hello world!";
        return new LocalAction(() -> TaskResult.ok(TemplatedValues.stringify(msg)).withData(Map.of("msg", msg)));
    }
}

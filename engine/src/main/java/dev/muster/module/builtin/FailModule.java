package dev.muster.module.builtin;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.Args;
import dev.muster.module.LocalAction;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import java.util.Map;

/** Fails the host with a message; runs in the controller. */
public final class FailModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .optional("msg", Type.STRING, "Failed as requested from task")
            .freeForm("msg")
            .build();

    @Override
    public String name() {
        return "fail";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String msg = args.string("msg");
        return new LocalAction(() -> TaskResult.failed(msg).withData(Map.of("msg", msg)));
    }
}

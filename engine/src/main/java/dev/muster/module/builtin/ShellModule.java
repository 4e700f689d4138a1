package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.Args;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;

/**
 * Runs a command line through a shell (pipes, redirections, variables work). The operator's text
 * is passed to {@code executable -c} as one quoted argument, so it is interpreted by that shell
 * only, never mixed into the module's own script.
 */
public final class ShellModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("cmd", Type.STRING).freeForm("cmd")
            .optional("creates", Type.PATH)
            .optional("removes", Type.PATH)
            .optional("chdir", Type.PATH)
            .optional("executable", Type.PATH, "/bin/sh")
            .optional("stdin", Type.STRING)
            .optional("stdin_add_newline", Type.BOOL, true)
            .optional("strip_empty_ends", Type.BOOL, true)
            .build();

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String line = q(args.string("executable")) + " -c " + q(args.string("cmd"));
        return CommandRunner.plan(args, context, line, args.string("cmd"));
    }
}

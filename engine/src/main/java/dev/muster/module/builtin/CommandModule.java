package dev.muster.module.builtin;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.ArgumentException;
import dev.muster.module.Args;
import dev.muster.module.Module;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.script.ModuleScript;
import dev.muster.shell.Shlex;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a program with its arguments, without a shell: every word is quoted, so $VAR, globs,
 * pipes and ; are plain text, as in Ansible's command module.
 */
public final class CommandModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .optional("cmd", Type.STRING).freeForm("cmd")
            .optional("argv", Type.LIST)
            .optional("creates", Type.PATH)
            .optional("removes", Type.PATH)
            .optional("chdir", Type.PATH)
            .optional("stdin", Type.STRING)
            .optional("stdin_add_newline", Type.BOOL, true)
            .optional("strip_empty_ends", Type.BOOL, true)
            // accepted and not used, as Ansible does since 2.4 (command runs no shell)
            .optional("executable", Type.PATH)
            .mutuallyExclusive("cmd", "argv")
            .requiredOneOf("cmd", "argv")
            .build();

    @Override
    public String name() {
        return "command";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        List<String> words;
        if (args.has("argv")) {
            words = args.list("argv").stream().map(String::valueOf).toList();
        } else {
            try {
                words = Shlex.split(args.string("cmd"));
            } catch (IllegalArgumentException e) {
                throw new ArgumentException("cannot split cmd: " + e.getMessage());
            }
        }
        if (words.isEmpty()) {
            throw new ArgumentException("no command given");
        }
        String line = words.stream().map(ModuleScript::q).collect(Collectors.joining(" "));
        // cmd as Ansible shows it: the words, for free form and argv alike
        RemoteAction action = CommandRunner.plan(args, context, line, words);
        if (!args.has("executable")) {
            return action;
        }
        // Ansible's module warns and runs the command without it
        String warning = "As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '"
                + args.string("executable") + "'.";
        return new RemoteAction(action.script(), action.stdin(),
                exec -> action.interpret().apply(exec).withData(Map.of("warnings", List.of(warning))));
    }
}

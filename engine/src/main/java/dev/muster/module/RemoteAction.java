package dev.muster.module;

import dev.muster.connection.ExecResult;
import java.util.function.Function;

/**
 * One POSIX sh script run on the target (through become when asked), with optional bytes on its
 * standard input (file content travels there, never inside the command line), and the function
 * that turns what the script printed into the task's result. The script checks the current state
 * and acts only where it differs, so a task costs one round trip whether or not it changes anything.
 */
public record RemoteAction(String script, byte[] stdin, Function<ExecResult, TaskResult> interpret) implements Action {

    public RemoteAction {
        stdin = stdin == null ? new byte[0] : stdin;
    }

    public static RemoteAction of(String script, Function<ExecResult, TaskResult> interpret) {
        return new RemoteAction(script, null, interpret);
    }
}

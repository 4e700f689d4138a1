package dev.muster.module.builtin;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.ArgumentException;
import dev.muster.module.Args;
import dev.muster.module.LocalAction;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Waits in the controller ({@code seconds} or {@code minutes}), as Ansible's pause action. Muster never reads a
 * prompt's answer: a pause without a duration continues at once, as ansible-playbook does when its stdin is not a
 * terminal (README), with {@code user_input} empty. Interrupting the run (RunHandle.cancel) interrupts the wait.
 */
public final class PauseModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .optional("seconds", Type.INT)
            .optional("minutes", Type.INT)
            .optional("prompt", Type.STRING)
            .optional("echo", Type.BOOL, true)
            .mutuallyExclusive("minutes", "seconds")
            .build();

    @Override
    public String name() {
        return "pause";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        boolean minutes = args.has("minutes");
        Long seconds = minutes ? Long.valueOf(args.integer("minutes") * 60L) : args.has("seconds") ? Long.valueOf(args.integer("seconds")) : null;
        if (seconds != null && seconds < 0) {
            throw new ArgumentException("a pause cannot be negative");
        }
        boolean echo = args.bool("echo");
        String unit = seconds != null && !minutes ? "seconds" : "minutes";
        return new LocalAction(() -> {
            LocalDateTime start = LocalDateTime.now();
            long began = System.nanoTime();
            if (seconds != null) {
                try {
                    // Ansible waits at least a second
                    Thread.sleep(Duration.ofSeconds(Math.max(1, seconds)).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return TaskResult.failed("pause interrupted");
                }
            }
            double took = (System.nanoTime() - began) / 1e9;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("rc", 0);
            data.put("stderr", "");
            data.put("start", CommandRunner.pythonTime(start));
            data.put("stop", CommandRunner.pythonTime(LocalDateTime.now()));
            data.put("delta", (long) took);
            data.put("echo", echo);
            data.put("user_input", "");
            double shown = Math.round((unit.equals("minutes") ? took / 60 : took) * 100) / 100.0;
            data.put("stdout", "Paused for " + shown + " " + unit);
            return TaskResult.ok("").withData(data);
        });
    }
}

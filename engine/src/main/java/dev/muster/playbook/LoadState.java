package dev.muster.playbook;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** What loading one play (or one run-time include) gathers on the way: role handlers, roles already expanded, depth. */
final class LoadState {

    private static final int MAX_DEPTH = 30;

    final Path playbookDir;
    final List<Task> handlers = new ArrayList<>();
    final Set<String> rolesRun = new HashSet<>();
    final Set<String> roleHandlersLoaded = new HashSet<>();
    private int depth;

    LoadState(Path playbookDir) {
        this.playbookDir = playbookDir;
    }

    /** Runs {@code load} one level deeper; too deep means roles or imports name each other in a cycle. */
    <T> T nested(SourceLocation at, String what, Supplier<T> load) {
        if (++depth > MAX_DEPTH) {
            depth--;
            throw new MusterException(at, what + " nested too deeply (a cycle?)");
        }
        try {
            return load.get();
        } finally {
            depth--;
        }
    }
}

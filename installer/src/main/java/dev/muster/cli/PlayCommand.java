package dev.muster.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: the engine work replaces this. */
@Command(name = "play", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run a playbook.")
public final class PlayCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("not yet built");
    }
}

package dev.muster.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** A shell session over a running command's streams: what is sent goes to its stdin, close() ends that input. */
final class StreamSession implements ShellSession {

    private final CommandStreams streams;
    private final Function<IOException, RuntimeException> whenGone;

    /** @param whenGone what a failed send means (the shell ended, or the connection went down) */
    StreamSession(CommandStreams streams, Function<IOException, RuntimeException> whenGone) {
        this.streams = streams;
        this.whenGone = whenGone;
    }

    @Override
    public void send(String text) {
        try {
            streams.send(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw whenGone.apply(e);
        }
    }

    @Override
    public void close() {
        streams.closeInput();
    }
}

package dev.muster.connection;

/**
 * How much a command's stdin may take without the writer blocking, and whether it still wants any.
 *
 * <p>Why: a script may end without reading its stdin (copy ends at once when the file is already
 * right). sshj's write then waits for window space that never comes while holding the stream's lock,
 * and its reader thread, closing the channel, waits for that lock: the whole connection stalls for
 * sshj's 30 s timeout (hierynomus/sshj#313). Writing only what the remote window allows, and
 * stopping once the command has ended, means the write never waits inside sshj.
 */
interface SendWindow {

    /** For a local process: a pipe write that blocks ends with an error when the process exits. */
    SendWindow UNLIMITED = new SendWindow() {
        @Override
        public long available() {
            return Long.MAX_VALUE;
        }

        @Override
        public boolean stillWanted() {
            return true;
        }
    };

    /** Bytes that can be written now without waiting. */
    long available();

    /** False once the command has ended or its channel closed: the rest of stdin is not needed. */
    boolean stillWanted();
}

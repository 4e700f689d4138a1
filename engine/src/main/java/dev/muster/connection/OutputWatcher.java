package dev.muster.connection;

/**
 * Sees a running command's output as it arrives, before the command ends: a shell session reports each task's
 * end this way. Each method is called from one thread at a time, in the order the bytes arrived on that
 * stream; the array is reused afterwards, so copy what you keep.
 */
public interface OutputWatcher {

    OutputWatcher NONE = new OutputWatcher() {
        @Override
        public void stdout(byte[] bytes, int length) {
        }

        @Override
        public void stderr(byte[] bytes, int length) {
        }
    };

    void stdout(byte[] bytes, int length);

    /** Under become, only what the command printed: sudo's prompts and the ready marker are not passed on. */
    void stderr(byte[] bytes, int length);

    /**
     * The command ended, after its output (a session only): its exit status, with the connection's explanation
     * on stderr (sudo refused, killed by a signal) where there is one.
     *
     * @param connectionLost the connection went down under it: the host is unreachable
     */
    default void ended(ExecResult how, boolean connectionLost) {
    }
}

package dev.muster.node;

/** Turns an exception into the one line an operator reads: its message (and its cause's), never a stack trace. */
public final class OneLine {
    private OneLine() {
    }

    public static String of(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable cur = t;
        int depth = 0;
        while (cur != null && depth < 4) {
            String msg = cur.getMessage();
            if (msg == null || msg.isBlank()) {
                msg = cur.getClass().getSimpleName();
            }
            msg = msg.replaceAll("\\s*\\R\\s*", " ").strip();
            if (sb.indexOf(msg) < 0) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(msg);
            }
            if (cur.getCause() == cur) {
                break;
            }
            cur = cur.getCause();
            depth++;
        }
        return sb.toString();
    }
}

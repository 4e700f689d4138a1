package dev.muster.connection;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;

/** Turns connection failures into one plain sentence for the operator (no class names, no stack traces). */
final class SshFailures {

    private SshFailures() {
    }

    static String connectReason(SshTarget target, Throwable e) {
        String where = target.address() + ":" + target.port();
        Throwable root = rootCause(e);
        if (root instanceof UnknownHostException) {
            return "cannot resolve host name '" + target.address() + "'";
        }
        if (root instanceof NoRouteToHostException) {
            return "no route to " + where;
        }
        if (root instanceof ConnectException) {
            return "connection refused by " + where;
        }
        if (root instanceof SocketTimeoutException) {
            return "timed out connecting to " + where;
        }
        if (e instanceof TransportException && root == e) {
            return "SSH handshake with " + where + " failed: " + reason(e);
        }
        return "cannot connect to " + where + ": " + reason(e);
    }

    static String authReason(SshTarget target, Throwable e) {
        if (e instanceof UnreachableException) {
            return ((UnreachableException) e).getMessage().replaceFirst("^.*?: unreachable: ", "");
        }
        String offered = target.keyFiles().isEmpty() ? "no key" : "keys " + target.keyFiles();
        if (target.password() != null) {
            offered += " and a password";
        }
        if (e instanceof UserAuthException) {
            Throwable cause = e.getCause();
            String detail = cause == null ? "" : " (" + reason(cause) + ")";
            return "authentication failed for user '" + target.user() + "' (offered " + offered + ")" + detail;
        }
        return "authentication with " + target.address() + ":" + target.port() + " failed: " + reason(e);
    }

    /** The most telling message in a chain of causes. */
    static String reason(Throwable e) {
        Throwable root = rootCause(e);
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getMessage();
        }
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}

package dev.muster.node.api;

/**
 * What an endpoint answers: a status and a body that Jackson writes, or {@link RawJson} that is already JSON
 * (job events come out of PostgreSQL as JSON text and are sent without being parsed again).
 */
public record Reply(int status, Object body) {

    public record RawJson(String text) {
    }

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }

    public static Reply created(Object body) {
        return new Reply(201, body);
    }
}

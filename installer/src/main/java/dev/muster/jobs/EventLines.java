package dev.muster.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A job's engine events (the JSON lines of {@code muster play --json}) as short readable lines, in the spirit of the
 * console view: play and task headers, one line per host result, warnings and the recap. Progress ticks are left out.
 */
final class EventLines {

    private EventLines() {
    }

    /** The lines for one event, or "" for an event a person need not see. */
    static String render(JsonNode event) {
        String type = event.path("event").asText();
        return switch (type) {
            case "playbook_start" -> "PLAYBOOK " + event.path("playbook").asText() + (event.path("check").asBoolean() ? " (check mode)" : "") + "\n";
            case "play_start" -> "\nPLAY [" + event.path("name").asText() + "]\n";
            case "task_start" -> "\nTASK [" + event.path("name").asText() + "]\n";
            case "host_result", "item_result" -> hostResult(event);
            case "warning" -> "[WARNING]: " + event.path("text").asText() + "\n";
            case "verbose" -> event.path("text").asText() + "\n";
            case "recap" -> recap(event);
            case "progress" -> "";
            default -> type + " " + event + "\n";
        };
    }

    private static String hostResult(JsonNode event) {
        StringBuilder line = new StringBuilder(event.path("status").asText().toLowerCase()).append(": [")
                .append(event.path("host").asText()).append(']');
        if (event.hasNonNull("item")) {
            line.append(" => (item=").append(event.path("item").asText()).append(')');
        }
        String message = event.path("message").asText("");
        if (!message.isEmpty()) {
            line.append(' ').append(message);
        }
        return line.append('\n').toString();
    }

    private static String recap(JsonNode event) {
        StringBuilder text = new StringBuilder("\nPLAY RECAP\n");
        for (Iterator<Map.Entry<String, JsonNode>> hosts = event.path("hosts").fields(); hosts.hasNext(); ) {
            Map.Entry<String, JsonNode> host = hosts.next();
            text.append(String.format("%-24s :", host.getKey()));
            host.getValue().fields().forEachRemaining(counter -> text.append(' ').append(counter.getKey()).append('=')
                    .append(counter.getValue().asText()));
            text.append('\n');
        }
        return text.toString();
    }
}

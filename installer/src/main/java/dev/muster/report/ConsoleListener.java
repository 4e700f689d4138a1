package dev.muster.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The operator's view: play and task headers, one coloured line per host, a live progress line
 * for slow tasks (redrawn in place on a terminal, printed every ten seconds otherwise), and the
 * PLAY RECAP. Colours (through jline's ANSI support) only on a terminal or with --color.
 */
public final class ConsoleListener implements EventListener {

    private static final int WIDTH = 79;
    private static final long PLAIN_PROGRESS_EVERY_MILLIS = 10_000;

    private final PrintWriter out;
    private final boolean color;
    private final boolean terminal;
    private final int verbosity;
    private boolean progressShown;
    private long lastPlainProgress;

    public ConsoleListener(PrintWriter out, boolean color, boolean terminal, int verbosity) {
        this.out = out;
        this.color = color;
        this.terminal = terminal;
        this.verbosity = verbosity;
    }

    @Override
    public void on(Event event) {
        if (event instanceof Event.Progress progress) {
            progress(progress);
            return;
        }
        clearProgress();
        if (event instanceof Event.PlaybookStarted started) {
            if (started.check()) {
                line(style("CHECK MODE: nothing will be changed", AttributedStyle.CYAN));
            }
        } else if (event instanceof Event.PlayStarted play) {
            header("PLAY [" + play.name() + "]");
        } else if (event instanceof Event.TaskStarted task) {
            header((task.kind().equals("handler") ? "RUNNING HANDLER [" : "TASK [") + task.name() + "]");
            if (verbosity >= 2 && task.location() != null) {
                line("task path: " + task.location());
            }
        } else if (event instanceof Event.HostResult result) {
            result(result);
        } else if (event instanceof Event.Verbose verbose) {
            if (verbose.level() <= verbosity) {
                line(style("<" + verbose.host() + "> " + verbose.text(), AttributedStyle.BLUE));
            }
        } else if (event instanceof Event.Warning warning) {
            line(style("[WARNING]: " + warning.text(), AttributedStyle.MAGENTA));
        } else if (event instanceof Event.Recap recap) {
            recap(recap);
        }
        out.flush();
    }

    private void result(Event.HostResult result) {
        if (result.loopSummary() && result.status() != Status.FAILED && result.status() != Status.IGNORED) {
            return; // each item was already shown; a failed loop ends with its summary, as in Ansible
        }
        int colour = switch (result.status()) {
            case OK -> AttributedStyle.GREEN;
            case CHANGED -> AttributedStyle.YELLOW;
            case SKIPPED -> AttributedStyle.CYAN;
            case FAILED, UNREACHABLE -> AttributedStyle.RED;
            case IGNORED -> AttributedStyle.RED;
        };
        StringBuilder text = new StringBuilder();
        text.append(switch (result.status()) {
            case FAILED, IGNORED -> result.item() != null ? "failed" : "fatal";
            case UNREACHABLE -> "fatal";
            default -> result.status().label();
        });
        text.append(": [").append(result.host()).append(']');
        if (result.item() != null) {
            text.append(" => (item=").append(result.item()).append(')');
        }
        boolean failure = result.status() == Status.FAILED || result.status() == Status.UNREACHABLE || result.status() == Status.IGNORED;
        if (result.status() == Status.UNREACHABLE) {
            text.append(": UNREACHABLE!");
        } else if (failure) {
            text.append(": FAILED!");
        }
        boolean showMessage = failure || verbosity >= 1 || "debug".equals(result.module());
        if (showMessage && result.message() != null && !result.message().isEmpty()) {
            text.append(" => ").append(result.message());
        }
        line(style(text.toString(), colour));
        if (failure || verbosity >= 1) {
            details(result.data(), colour);
        }
        if (result.status() == Status.IGNORED) {
            line(style("...ignoring", AttributedStyle.CYAN));
        }
        if (result.diff() != null && !result.diff().isEmpty()) {
            diff(result.diff());
        }
    }

    /** stdout/stderr of a failed command (or of any task with -v), indented under the status line. */
    private void details(Map<String, Object> data, int colour) {
        if (data == null) {
            return;
        }
        for (String key : List.of("rc", "stdout", "stderr")) {
            Object value = data.get(key);
            if (value != null && !String.valueOf(value).isEmpty()) {
                for (String piece : String.valueOf(value).split("\n")) {
                    line(style("    " + key + ": " + piece, colour));
                }
            }
        }
    }

    private void diff(String diff) {
        for (String piece : diff.split("\n")) {
            int colour = piece.startsWith("+") && !piece.startsWith("+++") ? AttributedStyle.GREEN
                    : piece.startsWith("-") && !piece.startsWith("---") ? AttributedStyle.RED
                    : piece.startsWith("@@") ? AttributedStyle.CYAN : -1;
            line(colour < 0 ? piece : style(piece, colour));
        }
    }

    private void recap(Event.Recap recap) {
        header("PLAY RECAP");
        int width = recap.hosts().keySet().stream().mapToInt(String::length).max().orElse(10);
        recap.hosts().forEach((host, s) -> {
            int colour = s.failed() > 0 || s.unreachable() > 0 ? AttributedStyle.RED : s.changed() > 0 ? AttributedStyle.YELLOW : AttributedStyle.GREEN;
            String name = style(String.format("%-" + width + "s", host), colour);
            line(name + " : " + String.format("ok=%-4d changed=%-4d unreachable=%-4d failed=%-4d skipped=%-4d rescued=%-4d ignored=%d",
                    s.ok(), s.changed(), s.unreachable(), s.failed(), s.skipped(), s.rescued(), s.ignored()));
        });
        if (recap.interrupted()) {
            line(style("Interrupted: no new task was started after Ctrl-C.", AttributedStyle.RED));
        }
        line(String.format("Elapsed: %.1f s", recap.elapsedMillis() / 1000.0));
    }

    private void progress(Event.Progress progress) {
        String text = String.format("  ... %s: %.0f s, waiting for %s", progress.task(), progress.elapsedMillis() / 1000.0,
                summarize(progress.pending()));
        if (terminal) {
            out.print("\r\033[K" + style(text, AttributedStyle.BLUE));
            out.flush();
            progressShown = true;
        } else if (progress.elapsedMillis() - lastPlainProgress >= PLAIN_PROGRESS_EVERY_MILLIS || progress.elapsedMillis() < lastPlainProgress) {
            lastPlainProgress = progress.elapsedMillis();
            line(text);
            out.flush();
        }
    }

    private static String summarize(List<String> hosts) {
        if (hosts.size() <= 5) {
            return String.join(", ", hosts);
        }
        return String.join(", ", hosts.subList(0, 5)) + " and " + (hosts.size() - 5) + " more";
    }

    private void clearProgress() {
        if (progressShown) {
            out.print("\r\033[K");
            progressShown = false;
        }
        lastPlainProgress = 0;
    }

    private void header(String title) {
        out.println();
        String stars = "*".repeat(Math.max(3, WIDTH - title.length() - 1));
        line(style(title, AttributedStyle.WHITE) + " " + stars);
    }

    private void line(String text) {
        out.println(text);
    }

    private String style(String text, int colour) {
        if (!color) {
            return text;
        }
        return new AttributedStringBuilder().style(AttributedStyle.DEFAULT.foreground(colour)).append(text).toAnsi();
    }

    @Override
    public void close() {
        clearProgress();
        out.flush();
    }

    @Override
    public int verbosity() {
        return verbosity;
    }
}

package dev.muster.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleListenerTest {

    private final StringWriter text = new StringWriter();

    private ConsoleListener console(boolean color, boolean terminal, int verbosity) {
        return new ConsoleListener(new PrintWriter(text, true), color, terminal, verbosity);
    }

    @Test
    void statusLinesDiffAndRecapWithoutColoursWhenNotATerminal() {
        ConsoleListener console = console(false, false, 0);
        console.on(new Event.PlayStarted("Site", List.of("a", "b")));
        console.on(new Event.TaskStarted("conf", "task", "site.yml:4:7", List.of("a", "b")));
        console.on(new Event.HostResult("conf", "copy", "a", Status.CHANGED, "", null, false, Map.of(), "--- before\n+++ after\n-x\n+y\n", 5));
        console.on(new Event.HostResult("conf", "command", "b", Status.FAILED, "site.yml:4:7: non-zero return code", null, false,
                Map.of("rc", 2, "stderr", "boom"), null, 5));
        console.on(new Event.HostResult("say", "debug", "a", Status.OK, "hello", null, false, Map.of(), null, 1));
        Map<String, HostStats> recap = new LinkedHashMap<>();
        recap.put("a", new HostStats(2, 1, 0, 0, 0, 0, 0));
        recap.put("bb", new HostStats(0, 0, 0, 1, 0, 0, 0));
        console.on(new Event.Recap(recap, 1234, dev.muster.report.Outcome.HOST_FAILED));
        String out = text.toString();
        assertFalse(out.contains("\u001b["), "no ANSI codes off a terminal");
        assertTrue(out.contains("PLAY [Site] ***"), out);
        assertTrue(out.contains("TASK [conf] ***"), out);
        assertTrue(out.contains("changed: [a]\n--- before\n+++ after\n-x\n+y\n"), out);
        assertTrue(out.contains("fatal: [b]: FAILED! => site.yml:4:7: non-zero return code\n    rc: 2\n    stderr: boom"), out);
        assertTrue(out.contains("ok: [a] => hello"), out);
        assertTrue(out.contains("a  : ok=2    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0"), out);
        assertTrue(out.contains("bb : ok=0    changed=0    unreachable=0    failed=1"), out);
    }

    @Test
    void progressIsRedrawnInPlaceOnATerminalAndPrintedEveryTenSecondsOtherwise() {
        ConsoleListener tty = console(true, true, 0);
        tty.on(new Event.Progress("slow", List.of("a", "b"), 3000));
        tty.on(new Event.Progress("slow", List.of("b"), 4000));
        tty.on(new Event.HostResult("slow", "command", "b", Status.OK, "", null, false, Map.of(), null, 4100));
        String out = text.toString();
        assertTrue(out.startsWith("\r\u001b[K"), out);
        assertTrue(out.contains("slow: 3 s, waiting for a, b"), out);
        assertTrue(out.contains("slow: 4 s, waiting for b"), out);
        assertTrue(out.contains("\r\u001b[K\u001b["), "the progress line is cleared before the next line: " + out);
        assertEquals(1, out.split("\n", -1).length - 1, "only the result line ends with a newline");

        text.getBuffer().setLength(0);
        ConsoleListener plain = console(false, false, 0);
        for (long ms = 2000; ms <= 25000; ms += 1000) {
            plain.on(new Event.Progress("slow", List.of("a"), ms));
        }
        assertEquals(2, text.toString().lines().filter(l -> l.contains("waiting for a")).count(), text.toString());
        assertFalse(text.toString().contains("\r"));
    }

    @Test
    void verboseLevelsAndColours() {
        ConsoleListener console = console(true, false, 1);
        console.on(new Event.Verbose("a", 3, "script"));
        console.on(new Event.Verbose("a", 1, "detail"));
        console.on(new Event.HostResult("t", "command", "a", Status.OK, "done", null, false, Map.of("stdout", "out"), null, 1));
        String out = text.toString();
        assertFalse(out.contains("script"));
        assertTrue(out.contains("<a> detail"));
        assertTrue(out.contains("\u001b["), "--color forces colours");
        assertTrue(out.contains("ok: [a] => done"), out);
        assertTrue(out.contains("stdout: out"), out);
    }
}

package dev.muster.module.builtin;

import static dev.muster.module.Contexts.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.module.ArgumentException;
import dev.muster.module.Contexts;
import dev.muster.module.LocalSh;
import dev.muster.module.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandShellTest {

    @TempDir
    Path dir;

    private TaskResult run(String module, Object args) {
        return new LocalSh(dir).run(plan(module, args, Contexts.normal()));
    }

    @Test
    void commandPassesWordsWithoutShellInterpretation() {
        TaskResult r = run("command", "printf '%s|' $HOME 'a b' \"*\" ';' \"$(echo x)\"");
        assertEquals(TaskResult.Status.CHANGED, r.status());
        assertEquals("$HOME|a b|*|;|$(echo x)|", r.data().get("stdout"));
        assertEquals(0, r.data().get("rc"));
    }

    @Test
    void argvWordsStayWholeAndOutputLinesAreSplit() {
        TaskResult r = run("command", Map.of("argv", List.of("printf", "%s\\n%s\\n", "one two", "é☃")));
        assertEquals("one two\né☃", r.data().get("stdout"));
        assertEquals(List.of("one two", "é☃"), r.data().get("stdout_lines"));
    }

    @Test
    void nonZeroExitFailsWithRcAndStderr() {
        TaskResult r = run("shell", "echo oops >&2; exit 3");
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertEquals(3, r.data().get("rc"));
        assertEquals("oops", r.data().get("stderr"));
    }

    @Test
    void shellInterpretsPipesAndVariables() {
        TaskResult r = run("shell", Map.of("cmd", "echo abc | tr a-z A-Z; echo \"$HOME\"", "chdir", dir.toString()));
        assertEquals("ABC\n" + dir.resolve("home"), r.data().get("stdout"));
    }

    @Test
    void commandsKeepTheDefaultSigpipeBehaviour() {
        TaskResult r = run("shell", "yes | head -n 1");
        assertEquals(TaskResult.Status.CHANGED, r.status(), r.message());
        assertEquals("y", r.data().get("stdout"));
        assertEquals("", r.data().get("stderr"), "yes ends quietly on SIGPIPE, as outside Muster");
    }

    @Test
    void createsAndRemovesMakeTheCommandIdempotent() throws Exception {
        Path marker = dir.resolve("made");
        Map<String, Object> args = Map.of("cmd", "touch " + marker, "creates", marker.toString());
        assertEquals(TaskResult.Status.CHANGED, run("command", args).status());
        assertTrue(Files.exists(marker));
        // Ansible: a command kept from running by creates/removes is ok, not skipped
        assertEquals(TaskResult.Status.OK, run("command", args).status());
        assertEquals(TaskResult.Status.OK, run("command", Map.of("cmd", "true", "removes", dir.resolve("none").toString())).status());
    }

    @Test
    void freeFormKeyValueArgumentsAreTakenOut() throws Exception {
        Path marker = dir.resolve("m2");
        Files.createFile(marker);
        TaskResult r = run("command", "touch " + dir.resolve("never") + " creates=" + marker);
        assertEquals(TaskResult.Status.OK, r.status());
        assertFalse(Files.exists(dir.resolve("never")));
    }

    @Test
    void checkModeSkipsTheCommand() {
        Path marker = dir.resolve("check");
        TaskResult r = new LocalSh(dir).run(plan("shell", "touch " + marker, Contexts.check()));
        assertEquals(TaskResult.Status.SKIPPED, r.status());
        assertEquals(true, r.data().get("skipped"), "registered as Ansible's, read as result.skipped");
        assertFalse(Files.exists(marker));
    }

    @Test
    void forgedMarkerInOutputDoesNotForgeTheResult() {
        TaskResult r = run("shell", "printf '\\n@@muster@@\\nchanged=0\\nrc=0\\n'; exit 5");
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertEquals(5, r.data().get("rc"));
    }

    @Test
    void stdinReachesTheCommand() {
        TaskResult r = run("command", Map.of("cmd", "cat", "stdin", "hello"));
        assertEquals("hello", r.data().get("stdout"));
    }

    @Test
    void badArgumentsAreClearErrors() {
        ArgumentException e = assertThrows(ArgumentException.class, () -> plan("command", Map.of("cmd", "ls", "chdri", "/"), Contexts.normal()));
        assertTrue(e.getMessage().contains("unknown argument 'chdri' for the module, did you mean 'chdir'?"), e.getMessage());
        // a free-form string is read by the planner (FreeFormArgs), which reports an unclosed quote with its location
        assertThrows(dev.muster.error.MusterException.class, () -> plan("command", "echo 'unterminated", Contexts.normal()));
        assertThrows(ArgumentException.class, () -> plan("command", Map.of("creates", "/x"), Contexts.normal()));
    }
}

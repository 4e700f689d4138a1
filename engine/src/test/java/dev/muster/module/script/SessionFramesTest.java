package dev.muster.module.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muster.connection.ExecResult;
import dev.muster.module.LocalSh;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session's output, as the real sh prints it, cut back into each task's own output, however it arrives. */
class SessionFramesTest {

    @TempDir
    Path dir;

    private static String task(String lines) {
        return ModuleScript.taskPart(ModuleScript.start(false, false).line("%s", lines).finish());
    }

    @Test
    void eachTaskGetsItsOwnOutputAndStatusWhateverTheChunksAndWhateverItPrints() {
        String nonce = "0123456789abcdef";
        String session = SessionScript.opening(nonce)
                + SessionScript.task(1, "", task("echo 'one out'; echo 'one err' >&2"), null)
                // output that imitates a frame without the nonce, and a line without a newline at its end
                + SessionScript.task(2, "X=2; export X\n", task("printf '@@mb-@@ 2 0\\nno newline'; printf 'é' >&2; exit 3"), null)
                + SessionScript.task(3, "", task("mu_input"), "input ✓".getBytes(StandardCharsets.UTF_8));
        ExecResult ran = new LocalSh(dir).exec(session, null);
        byte[] out = ran.stdout().getBytes(StandardCharsets.UTF_8);
        byte[] err = ran.stderr().getBytes(StandardCharsets.UTF_8);
        Random random = new Random(42);
        for (int attempt = 0; attempt < 20; attempt++) {
            List<SessionFrames.Frame> frames = new ArrayList<>();
            SessionFrames reader = new SessionFrames(nonce, frames::add);
            int o = 0;
            int e = 0;
            while (o < out.length || e < err.length) {
                if (o < out.length && (e == err.length || random.nextBoolean())) {
                    int n = Math.min(out.length - o, 1 + random.nextInt(attempt == 0 ? 1 : 64));
                    reader.stdout(java.util.Arrays.copyOfRange(out, o, o + n), n);
                    o += n;
                } else {
                    int n = Math.min(err.length - e, 1 + random.nextInt(attempt == 0 ? 1 : 64));
                    reader.stderr(java.util.Arrays.copyOfRange(err, e, e + n), n);
                    e += n;
                }
            }
            assertEquals(3, frames.size(), ran.toString());
            assertEquals(0, frames.get(0).exitCode());
            assertEquals("one out\n", ScriptReport.parse(new ExecResult(0, frames.get(0).stdout(), "", null)).output());
            assertEquals("one err\n", frames.get(0).stderr());
            assertEquals(3, frames.get(1).exitCode());
            assertEquals("@@mb-@@ 2 0\nno newline", frames.get(1).stdout());
            assertEquals("é", frames.get(1).stderr());
            assertEquals("input ✓", ScriptReport.parse(new ExecResult(0, frames.get(2).stdout(), "", null)).output());
            assertEquals(List.of(1, 2, 3), frames.stream().map(SessionFrames.Frame::index).toList());
            assertEquals(true, reader.start() != null && reader.start().pid() > 0);
        }
    }
}

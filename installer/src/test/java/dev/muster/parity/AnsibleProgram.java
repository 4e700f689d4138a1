package dev.muster.parity;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An ansible-core program (ansible-inventory, ansible-playbook) as the parity tests run it: found on PATH, or the test fails. */
public final class AnsibleProgram {

    /** What a run printed and how it ended. */
    public record Result(int code, String out, String err) {
    }

    private AnsibleProgram() {
    }

    /** The program's path; without it the test fails, since the parity claim cannot be checked otherwise. */
    public static Path require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(program + " is not installed: apt-get install ansible-core (listed in .ci/apt.d/inventory.txt); "
                + "the parity test cannot run without it");
    }

    /** Runs {@code command} in {@code dir} with Ansible's configuration files out of the way and {@code env} added. */
    public static Result run(List<String> command, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("ANSIBLE_NOCOLOR", "1");
        builder.environment().put("ANSIBLE_CONFIG", "/nonexistent/ansible.cfg");
        builder.environment().putAll(env);
        Path errFile = Files.createTempFile("ansible", ".err");
        builder.redirectError(errFile.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(command.get(0) + " did not finish: " + command);
        }
        String err = Files.readString(errFile);
        Files.delete(errFile);
        return new Result(process.exitValue(), out, err);
    }
}

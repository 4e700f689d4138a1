package dev.muster.executor.fakes;

import dev.muster.executor.FactSource;
import dev.muster.connection.ExecResult;
import java.util.Map;

/** Facts from a script that prints the host's name. */
public final class FakeFacts implements FactSource {
    @Override
    public String script() {
        return "echo facts";
    }

    @Override
    public Map<String, Object> parse(ExecResult result) {
        return Map.of("ansible_os_family", "Debian", "ansible_hostname", "h-" + result.stdout());
    }
}

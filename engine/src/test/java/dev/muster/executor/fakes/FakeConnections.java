package dev.muster.executor.fakes;

import dev.muster.connection.Become;
import dev.muster.connection.Connection;
import dev.muster.connection.ConnectionFactory;
import dev.muster.connection.OutputWatcher;
import dev.muster.connection.ShellSession;
import dev.muster.connection.UnreachableException;
import dev.muster.connection.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Hosts in memory: every script run is recorded; "copy DEST" stores its stdin as the file and
 * says CHANGED only when the content differs (so idempotence can be tested); "exit N" returns N;
 * "echo X" prints X; "sleep N" sleeps N seconds. Unreachable hosts throw as SSH would.
 */
public final class FakeConnections implements ConnectionFactory {

    public record Call(String host, String script, Become become, byte[] stdin) {
    }

    public final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    public final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    public final Map<String, Map<String, String>> files = new ConcurrentHashMap<>();
    public final List<String> connected = Collections.synchronizedList(new ArrayList<>());
    /** "host user" per connect, the user as the connection variables name it ({@code ansible_user}, or null). */
    public final List<String> logins = Collections.synchronizedList(new ArrayList<>());
    public BiFunction<String, String, ExecResult> custom;

    @Override
    public Connection connect(String host, Map<String, Object> hostVars) {
        connected.add(host);
        logins.add(host + " " + hostVars.get("ansible_user"));
        if (unreachable.contains(host)) {
            throw new UnreachableException(host, "connection refused", null);
        }
        return new Connection() {
            @Override
            public ExecResult exec(String script, byte[] stdin, Become become, Duration timeout) {
                calls.add(new Call(host, script, become, stdin));
                if (custom != null) {
                    ExecResult result = custom.apply(host, script);
                    if (result != null) {
                        return result;
                    }
                }
                return run(host, script.lines().filter(l -> !l.contains("; export ")).reduce((a, b) -> b).orElse(""), stdin);
            }

            @Override
            public ShellSession openSession(Become become, OutputWatcher watcher) {
                throw new UnsupportedOperationException("fake hosts run only the fake modules' scripts, each a command of its own");
            }

            @Override
            public void close() {
            }
        };
    }

    private ExecResult run(String host, String line, byte[] stdin) {
        String[] words = line.trim().split(" ", 2);
        String rest = words.length > 1 ? words[1] : "";
        switch (words[0]) {
            case "copy" -> {
                String dest = rest.split(" ")[0];
                String content = new String(stdin, StandardCharsets.UTF_8);
                String before = files.computeIfAbsent(host, h -> new ConcurrentHashMap<>()).put(dest, content);
                return result(0, content.equals(before) ? "" : "CHANGED", "");
            }
            case "exit" -> {
                return result(Integer.parseInt(rest.trim()), "", "exit " + rest);
            }
            case "echo" -> {
                return result(0, rest, "");
            }
            case "sleep" -> {
                try {
                    Thread.sleep((long) (Double.parseDouble(rest.trim()) * 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return result(0, "", "");
            }
            default -> {
                return result(0, "", "");
            }
        }
    }

    private static ExecResult result(int rc, String out, String err) {
        return new ExecResult(rc, out, err, Duration.ofMillis(1));
    }

    public List<String> scriptsOn(String host) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.host().equals(host)).map(Call::script).toList();
        }
    }

    @Override
    public void close() {
    }
}

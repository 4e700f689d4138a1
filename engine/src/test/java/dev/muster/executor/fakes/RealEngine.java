package dev.muster.executor.fakes;

import dev.muster.connection.Become;
import dev.muster.connection.Connection;
import dev.muster.connection.ConnectionFactory;
import dev.muster.connection.OutputWatcher;
import dev.muster.connection.ShellSession;
import dev.muster.engine.Engine;
import dev.muster.engine.RunHandle;
import dev.muster.engine.RunRequest;
import dev.muster.engine.RunResult;
import dev.muster.connection.ExecResult;
import dev.muster.module.Module;
import dev.muster.module.Modules;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.report.Event;
import dev.muster.report.EventListener;
import dev.muster.report.HostStats;
import dev.muster.report.JsonLinesListener;
import dev.muster.report.Outcome;
import dev.muster.template.TemplateEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The engine with the real modules and templating, run on this machine through {@code connections} (a real
 * shell), counting the round trips each host costs.
 */
public final class RealEngine {

    public static final ModuleCatalog MODULES = new ModuleCatalog() {
        public Optional<Module> find(String name) { return Modules.standard().get(name); }
        public List<String> suggest(String name) { return Modules.standard().suggest(name).stream().toList(); }
    };

    /**
     * What a run did: exit code, recap, JSON lines, every event, the round trips per host (a command, or a task sent to a
     * shell session), the sessions opened per host, and every script sent as a command line.
     */
    public record Run(Outcome outcome, Map<String, HostStats> stats, String json, List<Event> events, Map<String, AtomicInteger> roundTrips,
                      Map<String, AtomicInteger> sessions, List<String> commandLineScripts) {

        public int sessions(String host) {
            AtomicInteger count = sessions.get(host);
            return count == null ? 0 : count.get();
        }


        public HostStats stats(String host) {
            return stats.get(host);
        }

        public int roundTrips(String host) {
            AtomicInteger count = roundTrips.get(host);
            return count == null ? 0 : count.get();
        }

        public List<Event.HostResult> results(String task) {
            return events.stream().filter(e -> e instanceof Event.HostResult r && r.task().equals(task) && r.item() == null)
                    .map(e -> (Event.HostResult) e).toList();
        }
    }

    private RealEngine() {
    }

    public static Run run(EngineHarness h, RunRequest.Builder request, ConnectionFactory connections) {
        return run(h, request, connections, handle -> { });
    }

    /** @param whileRunning called on another thread once the run has started (to cancel it, say) */
    public static Run run(EngineHarness h, RunRequest.Builder request, ConnectionFactory connections,
                          Consumer<RunHandle> whileRunning) {
        StringWriter json = new StringWriter();
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> roundTrips = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();
        List<String> commandLines = Collections.synchronizedList(new ArrayList<>());
        ConnectionFactory counting = counting(connections, roundTrips, sessions, commandLines);
        Engine engine = new Engine(EngineHarness.services(h.inventory, MODULES, new TemplateEngine(), counting));
        EventListener collect = events::add;
        RunHandle handle = engine.prepare(request.build()).start(collect, new JsonLinesListener(new PrintWriter(json), false, 3));
        Thread side = new Thread(() -> whileRunning.accept(handle), "test-while-running");
        side.setDaemon(true);
        side.start();
        RunResult result;
        try {
            result = handle.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Run(result.outcome(), result.hosts(), json.toString(), List.copyOf(events), roundTrips, sessions, List.copyOf(commandLines));
    }

    /** A request as the harness makes it, with {@code extraVars}, the task timeout and sessions on. */
    public static RunRequest.Builder request(EngineHarness h, String playbook, Map<String, Object> extraVars, Duration timeout) {
        return h.request(playbook).extraVars(extraVars).timeout(timeout);
    }

    /** @param commandLines collects every script sent as a command line (which the target's ps shows) */
    private static ConnectionFactory counting(ConnectionFactory real, Map<String, AtomicInteger> roundTrips,
                                              Map<String, AtomicInteger> sessions, List<String> commandLines) {
        // one counting wrapper per host and real connection, as the real factory keeps one connection per host and
        // login (and one local connection for all): the engine keeps its shell sessions per host and connection
        Map<List<Object>, Connection> wrappers = new ConcurrentHashMap<>();
        return new ConnectionFactory() {
            @Override
            public Connection connect(String host, Map<String, Object> hostVars) {
                Connection connection = real.connect(host, hostVars);
                return wrappers.computeIfAbsent(List.of(host, connection), key -> counted(host, connection));
            }

            private Connection counted(String host, Connection connection) {
                AtomicInteger count = roundTrips.computeIfAbsent(host, h -> new AtomicInteger());
                return new Connection() {
                    @Override
                    public ExecResult exec(String script, byte[] stdin, Become become, Duration timeout) {
                        if (!script.startsWith("kill -")) {
                            count.incrementAndGet(); // ending a session at a task's deadline is not a task's round trip
                        }
                        commandLines.add(script);
                        return connection.exec(script, stdin, become, timeout);
                    }

                    @Override
                    public ShellSession openSession(Become become, OutputWatcher watcher) {
                        sessions.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
                        ShellSession shell = connection.openSession(become, watcher);
                        return new ShellSession() {
                            private boolean opened;

                            @Override
                            public void send(String text) {
                                if (opened) {
                                    count.incrementAndGet(); // a task; the first piece only opens the session
                                }
                                opened = true;
                                shell.send(text);
                            }

                            @Override
                            public void close() {
                                shell.close();
                            }
                        };
                    }

                    @Override
                    public void close() {
                        connection.close();
                    }
                };
            }

            @Override
            public void close() {
                // the test owns the real factory, and closes it
            }
        };
    }
}

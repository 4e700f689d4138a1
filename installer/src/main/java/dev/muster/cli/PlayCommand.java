package dev.muster.cli;

import dev.muster.connection.HostKeyPolicy;
import dev.muster.engine.Engine;
import dev.muster.engine.Plan;
import dev.muster.engine.PreparedRun;
import dev.muster.engine.RunHandle;
import dev.muster.engine.RunRequest;
import dev.muster.engine.RunResult;
import dev.muster.error.ExitCodes;
import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import dev.muster.executor.RunOptions;
import dev.muster.playbook.Block;
import dev.muster.playbook.DynamicInclude;
import dev.muster.playbook.Play;
import dev.muster.playbook.Step;
import dev.muster.playbook.Task;
import dev.muster.report.ConsoleListener;
import dev.muster.report.EventListener;
import dev.muster.report.JsonLinesListener;
import dev.muster.vars.ExtraVars;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code muster play PLAYBOOK -i INVENTORY}: loads and checks everything (exit 4 on a mistake, no
 * host touched), then runs the plays and reports through the console, --json and the log file.
 */
@Command(name = "play", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run a playbook: plays and roles, task by task on many hosts, changing only what differs.")
public final class PlayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook file.")
    Path playbookFile;

    @Mixin
    InventorySources inventories;

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VARS", description = "k=v, @file.yml or {json}; highest precedence (repeatable).")
    List<String> extraVars = new ArrayList<>();

    @Option(names = "--defaults", paramLabel = "FILE",
            description = "YAML mapping of default variables, below the inventory in precedence (as role defaults); repeatable, later wins.")
    List<Path> defaultsFiles = new ArrayList<>();

    @Option(names = {"-l", "--limit"}, paramLabel = "PATTERN", description = "Further limit the hosts of every play.")
    String limit;

    @Option(names = {"-t", "--tags"}, split = ",", description = "Only tasks with these tags (and 'always').")
    List<String> tags = new ArrayList<>();

    @Option(names = "--skip-tags", split = ",", description = "Skip tasks with these tags.")
    List<String> skipTags = new ArrayList<>();

    @Option(names = {"-C", "--check"}, description = "Report what would change; change nothing.")
    boolean check;

    @Option(names = {"-D", "--diff"}, description = "Show a unified diff of every file a task changes.")
    boolean diff;

    @Option(names = {"-f", "--forks"}, defaultValue = "" + RunOptions.DEFAULT_FORKS,
            description = "Hosts worked on at once (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "-v", description = "More detail: -v results, -vv task paths, -vvv scripts sent to hosts.")
    boolean[] verbose = new boolean[0];

    @Option(names = "--json", description = "JSON lines on stdout, one event per line, instead of the console view.")
    boolean json;

    @Option(names = "--log-file", paramLabel = "PATH", defaultValue = "muster.log",
            description = "JSON lines log of every event, appended (default: ${DEFAULT-VALUE}).")
    Path logFile;

    @Option(names = "--color", description = "Colours even when the output is not a terminal.")
    boolean color;

    @Option(names = "--list-tasks", description = "List the tasks of every play and exit.")
    boolean listTasks;

    @Option(names = "--list-hosts", description = "List the hosts of every play and exit.")
    boolean listHosts;

    @Option(names = "--syntax-check", description = "Load and check the playbook and exit.")
    boolean syntaxCheck;

    @Option(names = {"-K", "--ask-become-pass"}, description = "Ask for the sudo password.")
    boolean askBecomePass;

    @Option(names = "--become-password-file", paramLabel = "FILE", description = "Read the sudo password from the first line of FILE.")
    Path becomePasswordFile;

    // strict by default: a production installer must not trust a key it has never seen; accept-new is an explicit choice
    @Option(names = "--host-key-policy", defaultValue = "strict", paramLabel = "POLICY",
            description = "strict (default: the host's key must be in known_hosts), accept-new (record a host's first key,"
                    + " refuse a changed one) or insecure (accept any key: labs only).")
    String hostKeyPolicy;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "Check host keys against FILE instead of ~/.ssh/known_hosts (accept-new records into it).")
    Path knownHosts;

    @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS", description = "Longest a task may run on a host (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    // Ansible's -T/--timeout is this; ours (--timeout above) was the task time limit before, so it keeps that meaning
    @Option(names = "--connect-timeout", paramLabel = "SECONDS",
            description = "Longest an SSH connection may take to come up (default: the environment's ANSIBLE_SSH_TIMEOUT,"
                    + " else ANSIBLE_TIMEOUT, else 10); a host's ansible_ssh_timeout or ansible_timeout wins.")
    Integer connectTimeoutSeconds;

    @Option(names = "--no-sessions", description = "Run every task as an SSH command of its own, not in the host's shell session "
            + "(slower; the results are the same).")
    boolean noSessions;

    private final Engine engine;

    public PlayCommand() {
        this(Engine.standard());
    }

    public PlayCommand(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunRequest.Builder request = request();
        if (syntaxCheck || listHosts || listTasks) {
            Plan plan = engine.load(request.build());
            if (syntaxCheck) {
                out.println("playbook: " + playbookFile);
            } else {
                list(out, plan);
            }
            return ExitCodes.OK;
        }
        PreparedRun prepared = engine.prepare(request.becomePassword(becomePassword(err)).build());
        RunHandle handle = prepared.start(display(out), log());
        return ExitCodes.of(awaitWithInterrupt(handle).outcome());
    }

    /** The options as the engine's request; relative paths are this process's working directory's, as a shell user expects. */
    private RunRequest.Builder request() {
        if (forks < 1) {
            throw new MusterException(null, "--forks must be at least 1", Failure.BAD_REQUEST, null);
        }
        HostKeyPolicy policy = HostKeyPolicy.parse(hostKeyPolicy);
        if (policy == null) {
            throw new MusterException(null, "--host-key-policy must be strict, accept-new or insecure", Failure.BAD_REQUEST, null);
        }
        if (timeoutSeconds < 1) {
            throw new MusterException(null, "--timeout must be at least 1 second", Failure.BAD_REQUEST, null);
        }
        return RunRequest.builder(playbookFile)
                .inventory(inventories.required())
                .extraVars(withVerbosity(ExtraVars.parse(extraVars)))
                .defaultVars(ExtraVars.parse(defaultsFiles.stream().map(f -> "@" + f).toList()))
                .limit(limit)
                .tags(new LinkedHashSet<>(tags))
                .skipTags(new LinkedHashSet<>(skipTags))
                .check(check)
                .diff(diff)
                .forks(forks)
                .verbosity(Math.max(2, verbose.length)) // the log keeps -vv detail always; the console asks for its own level
                .hostKeyPolicy(policy)
                .knownHosts(knownHosts)
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .connectTimeout(connectTimeoutSeconds)
                .sessions(!noSessions);
    }

    /**
     * ansible_verbosity, the -v count, as Ansible's magic variable (debug's verbosity is judged against it); it rides
     * with the extra vars because the request's own verbosity is the log's, never below 2. An -e value wins.
     */
    private Map<String, Object> withVerbosity(Map<String, Object> vars) {
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        all.put("ansible_verbosity", verbose.length);
        all.putAll(vars);
        return all;
    }

    private EventListener display(PrintWriter out) {
        if (json) {
            return new JsonLinesListener(out, false, verbose.length);
        }
        boolean terminal = System.console() != null;
        return new ConsoleListener(out, color || terminal, terminal, verbose.length);
    }

    private EventListener log() {
        try {
            Path parent = logFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), false);
            // the log keeps -vv detail always; the (large) scripts only with -vvv
            return new JsonLinesListener(log, true, Math.max(2, verbose.length));
        } catch (IOException e) {
            throw new MusterException(null, "cannot write the log file " + logFile + ": " + e.getMessage(), Failure.BAD_REQUEST, e);
        }
    }

    /**
     * Ctrl-C: the hook cancels the run (running commands end, nothing new starts), waits for the recap, and exits 99.
     * Without a signal, the hook is removed and the exit code is the run's.
     */
    private static RunResult awaitWithInterrupt(RunHandle handle) throws InterruptedException {
        Thread hook = new Thread(() -> {
            handle.cancel();
            try {
                handle.await(Duration.ofSeconds(120));
            } catch (InterruptedException | RuntimeException ignored) {
                // exiting anyway
            }
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        }, "muster-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        RunResult result = handle.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it exits with 99 once it sees the recap was printed
        }
        return result;
    }

    private String becomePassword(PrintWriter err) {
        try {
            if (becomePasswordFile != null) {
                List<String> lines = Files.readAllLines(becomePasswordFile, StandardCharsets.UTF_8);
                if (lines.isEmpty()) {
                    throw new MusterException(null, "--become-password-file " + becomePasswordFile + " is empty", Failure.BAD_REQUEST, null);
                }
                return lines.get(0);
            }
        } catch (IOException e) {
            throw new MusterException(null, "cannot read --become-password-file: " + e.getMessage(), Failure.BAD_REQUEST, e);
        }
        if (!askBecomePass) {
            return null;
        }
        if (System.console() != null) {
            try (org.jline.terminal.Terminal terminal = org.jline.terminal.TerminalBuilder.builder().system(true).build()) {
                org.jline.reader.LineReader reader = org.jline.reader.LineReaderBuilder.builder().terminal(terminal).build();
                return reader.readLine("BECOME password: ", '*');
            } catch (IOException | org.jline.reader.UserInterruptException | org.jline.reader.EndOfFileException e) {
                throw new MusterException(null, "no become password given", Failure.BAD_REQUEST, null);
            }
        }
        err.print("BECOME password: ");
        err.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new MusterException(null, "no become password on standard input", Failure.BAD_REQUEST, null);
            }
            return line;
        } catch (IOException e) {
            throw new MusterException(null, "cannot read the become password: " + e.getMessage(), Failure.BAD_REQUEST, e);
        }
    }

    private void list(PrintWriter out, Plan plan) {
        out.println();
        out.println("playbook: " + plan.playbook().file());
        int index = 0;
        for (Play play : plan.playbook().plays()) {
            index++;
            out.println();
            out.println("  play #" + index + " (" + play.hosts() + "): " + play.displayName() + "\tTAGS: " + new TreeSet<>(play.scope().tags()));
            if (listHosts) {
                List<String> hosts = plan.hosts(play);
                out.println("    pattern: ['" + play.hosts() + "']");
                out.println("    hosts (" + hosts.size() + "):");
                hosts.forEach(h -> out.println("      " + h));
            }
            if (listTasks) {
                out.println("    tasks:");
                for (List<Step> section : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
                    section.forEach(step -> listStep(out, step));
                }
            }
        }
    }

    private void listStep(PrintWriter out, Step step) {
        if (step instanceof Task task) {
            if (!task.module().equals("meta")) {
                out.println("      " + task.displayName() + "\tTAGS: " + new TreeSet<>(task.tags()));
            }
        } else if (step instanceof Block block) {
            block.block().forEach(s -> listStep(out, s));
            block.rescue().forEach(s -> listStep(out, s));
            block.always().forEach(s -> listStep(out, s));
        } else if (step instanceof DynamicInclude include) {
            out.println("      include " + include.nameTemplate() + " (loaded at run time)");
        }
    }
}

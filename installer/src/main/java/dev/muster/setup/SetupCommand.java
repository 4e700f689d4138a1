package dev.muster.setup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.cli.Main;
import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import dev.muster.error.MusterException;
import dev.muster.inventory.Inventory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./setup.sh} (= {@code muster setup}): checks the Tower inventory without touching a host,
 * verifies the shipped package repository, runs playbooks/install.yml over roles/ with
 * group_vars/all.yml as the lowest layer, and ends with one summary. A thin layer: everything
 * that happens on hosts is the playbook's.
 */
@Command(name = "setup", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Install or upgrade the Muster cluster from a Tower 3.1-style inventory; re-run with more [tower] hosts to grow it.",
                "Everything after -- goes to 'muster play' (-v, --check, --limit, --tags, --known-hosts, --host-key-policy ...)."})
public final class SetupCommand implements Callable<Integer> {

    private static final String PLAYBOOK = "playbooks/install.yml";

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY", defaultValue = "inventory",
            description = "The inventory (default: ./inventory).")
    Path inventoryFile;

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VAR=VALUE",
            description = "Extra variables: VAR=VALUE, @file.yml or {json}; repeatable; they win over the inventory.")
    List<String> extraVars = new ArrayList<>();

    @Option(names = "--home", paramLabel = "DIR", hidden = true,
            description = "Where playbooks/, roles/, group_vars/ and repos/ are (setup.sh passes its own directory).")
    Path home;

    @Parameters(paramLabel = "PLAY_ARGS", description = "After --: options for muster play.")
    List<String> playArgs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Path root = Installation.root(home);
        BundleChecksums.verifyIfBundle(root); // the offline bundle: every file as built, before anything is read or copied
        Installation installation = Installation.load(root, PLAYBOOK, inventoryFile, extraVars);
        List<String> problems = installation.problems();
        if (!problems.isEmpty()) {
            err.println("setup: the inventory " + inventoryFile + " needs fixing; no host was touched:");
            problems.forEach(p -> err.println("  - " + p));
            err.flush();
            return ExitCodes.PARSE_ERROR;
        }
        Map<String, Object> vars = installation.effective(installation.towerHosts().get(0));
        Optional<PackageRepository.Packed> repository = Optional.empty();
        if (Boolean.TRUE.equals(TowerInventoryCheck.bool(vars.get("bundle_install")))) {
            repository = new PackageRepository(root.resolve("repos/debian-bookworm")).verified();
        }
        if (repository.isEmpty()) {
            out.println("setup: packages come from the hosts' own apt sources" + (Files.isDirectory(root.resolve("repos/debian-bookworm"))
                    ? " (bundle_install is false)" : " (no repos/debian-bookworm here: build one with bundle/repo for air-gapped hosts)"));
        }
        Path log = installation.logBeside("setup.log");
        List<String> args = installation.playArgs(PLAYBOOK, internalVars(repository, nodeDist(root)), log, List.of(), playArgs);
        long offset = Installation.offset(log);
        int code = Main.run(out, err, args.toArray(String[]::new));
        SetupSummary.print(out, Installation.events(log, offset), log, code, Duration.ofNanos(System.nanoTime() - started),
                nodes(installation), database(installation.inventory(), vars));
        return code;
    }

    /** What setup hands the playbook: the repository packed for the hosts and the node service's tarball, each with its identity. */
    private static String internalVars(Optional<PackageRepository.Packed> repository, Path nodeDist) {
        Map<String, Object> internal = new LinkedHashMap<>();
        internal.put("muster_repo_archive", repository.map(r -> r.archive().toString()).orElse(""));
        internal.put("muster_repo_id", repository.map(PackageRepository.Packed::id).orElse(""));
        internal.put("muster_node_dist", nodeDist.toString());
        try {
            internal.put("muster_node_dist_sha256", PackageRepository.sha256(nodeDist));
            return new ObjectMapper().writeValueAsString(internal);
        } catch (java.io.IOException e) {
            throw new MusterException(null, "cannot read " + nodeDist + ": " + e.getMessage(), dev.muster.error.Failure.BAD_REQUEST, e);
        }
    }

    /** The node service's tarball: the bundle's, or a checkout's build (setup.sh builds it when missing). */
    private static Path nodeDist(Path root) {
        for (Path candidate : List.of(root.resolve("dist/muster-node-dist.tar.gz"), root.resolve("node/target/muster-node-dist.tar.gz"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new MusterException(null, "the node service is not built (no dist/ or node/target/muster-node-dist.tar.gz under " + root
                + "): run mvn -DskipTests package", dev.muster.error.Failure.BAD_REQUEST, null);
    }

    private static List<SetupSummary.Node> nodes(Installation installation) {
        List<SetupSummary.Node> nodes = new ArrayList<>();
        for (String host : installation.towerHosts()) {
            Map<String, Object> vars = installation.effective(host);
            String address = String.valueOf(vars.getOrDefault("ansible_host", host));
            String port = String.valueOf(vars.getOrDefault("nginx_https_port", 443));
            nodes.add(new SetupSummary.Node(host, "https://" + address + (port.equals("443") ? "" : ":" + port) + "/api/v1/ping"));
        }
        return nodes;
    }

    private static String database(Inventory inventory, Map<String, Object> vars) {
        String pgHost = String.valueOf(vars.getOrDefault("pg_host", "")).strip();
        String where;
        if (!pgHost.isEmpty()) {
            where = pgHost;
        } else if (inventory.groupNames().contains("database") && !inventory.hostsOf("database").isEmpty()) {
            where = inventory.hostsOf("database").get(0);
        } else {
            where = inventory.hostsOf("tower").get(0);
        }
        return "postgresql://" + vars.get("pg_username") + "@" + where + ":" + vars.get("pg_port") + "/" + vars.get("pg_database");
    }
}

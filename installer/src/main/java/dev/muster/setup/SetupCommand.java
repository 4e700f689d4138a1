package dev.muster.setup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.cli.Main;
import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import dev.muster.error.MusterException;
import dev.muster.inventory.Inventory;
import dev.muster.inventory.InventoryLoader;
import dev.muster.vars.ExtraVars;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Path root = (home != null ? home : Path.of(System.getenv().getOrDefault("MUSTER_HOME", "."))).toAbsolutePath().normalize();
        Path playbook = root.resolve("playbooks/install.yml");
        Path defaultsFile = root.resolve("group_vars/all.yml");
        if (!Files.isRegularFile(playbook) || !Files.isRegularFile(defaultsFile)) {
            throw new MusterException(null, root + " holds no installer (playbooks/install.yml, group_vars/all.yml)", ExitCodes.BAD_OPTIONS, null);
        }
        BundleChecksums.verifyIfBundle(root); // the offline bundle: every file as built, before anything is read or copied
        if (!Files.exists(inventoryFile)) {
            throw new MusterException(null, "inventory not found: " + inventoryFile + " (give one with -i INVENTORY; "
                    + root.resolve("inventory.example") + " shows every variable)", ExitCodes.BAD_OPTIONS, null);
        }
        Map<String, Object> defaults = ExtraVars.parse(List.of("@" + defaultsFile));
        Map<String, Object> extra = ExtraVars.parse(extraVars);
        Inventory inventory = InventoryLoader.load(List.of(inventoryFile));

        List<String> problems = new TowerInventoryCheck(inventory, defaults, extra).problems();
        if (!problems.isEmpty()) {
            err.println("setup: the inventory " + inventoryFile + " needs fixing; no host was touched:");
            problems.forEach(p -> err.println("  - " + p));
            err.flush();
            return ExitCodes.PARSE_ERROR;
        }
        String first = inventory.hostsOf("tower").get(0);
        Map<String, Object> vars = effective(inventory, first, defaults, extra);
        java.util.Optional<PackageRepository.Packed> repository = java.util.Optional.empty();
        if (Boolean.TRUE.equals(TowerInventoryCheck.bool(vars.get("bundle_install")))) {
            repository = new PackageRepository(root.resolve("repos/debian-bookworm")).verified();
        }
        String archive = repository.map(r -> r.archive().toString()).orElse("");
        Path nodeDist = nodeDist(root);

        Path log = inventoryFile.toAbsolutePath().getParent().resolve("setup.log");
        List<String> args = new ArrayList<>(List.of("play", playbook.toString(), "-i", inventoryFile.toString(),
                "--defaults", defaultsFile.toString(), "-e", internalVars(archive, repository.map(PackageRepository.Packed::id).orElse(""), nodeDist), "--log-file", log.toString()));
        extraVars.forEach(e -> args.addAll(List.of("-e", e)));
        args.addAll(playArgs);
        if (archive.isEmpty()) {
            out.println("setup: packages come from the hosts' own apt sources" + (root.resolve("repos/debian-bookworm").toFile().isDirectory()
                    ? " (bundle_install is false)" : " (no repos/debian-bookworm here: build one with bundle/repo for air-gapped hosts)"));
        }
        long offset = SetupSummary.offset(log);
        int code = Main.run(out, err, args.toArray(String[]::new));
        SetupSummary.print(out, log, offset, code, Duration.ofNanos(System.nanoTime() - started), nodes(inventory, defaults, extra),
                database(inventory, vars));
        return code;
    }

    private static String internalVars(String archive, String repositoryId, Path nodeDist) {
        Map<String, Object> internal = new LinkedHashMap<>();
        internal.put("muster_repo_archive", archive);
        internal.put("muster_repo_id", repositoryId);
        internal.put("muster_node_dist", nodeDist.toString());
        try {
            return new ObjectMapper().writeValueAsString(internal);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
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
                + "): run mvn -DskipTests package", ExitCodes.BAD_OPTIONS, null);
    }

    private static Map<String, Object> effective(Inventory inventory, String host, Map<String, Object> defaults, Map<String, Object> extra) {
        Map<String, Object> vars = new HashMap<>(defaults);
        vars.putAll(inventory.hostVars(host));
        vars.putAll(extra);
        return vars;
    }

    private static List<SetupSummary.Node> nodes(Inventory inventory, Map<String, Object> defaults, Map<String, Object> extra) {
        List<SetupSummary.Node> nodes = new ArrayList<>();
        for (String host : inventory.hostsOf("tower")) {
            Map<String, Object> vars = effective(inventory, host, defaults, extra);
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

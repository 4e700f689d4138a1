package dev.muster.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.error.ExitCodes;
import dev.muster.error.MusterException;
import dev.muster.inventory.Inventory;
import dev.muster.inventory.InventoryLoader;
import dev.muster.vars.ExtraVars;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every installer command (./setup.sh, ./manage) starts from: the installer's home (playbooks/, roles/,
 * group_vars/all.yml), the operator's Tower inventory with its -e variables, the checks it must pass, and the
 * {@code muster play} command line that runs one of the installer's playbooks over it with the defaults as the
 * lowest layer. Also the JSON-lines log the runs append to, which the commands read their results from.
 */
public final class Installation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Path inventoryFile;
    private final List<String> extraVarArgs;
    private final Inventory inventory;
    private final Map<String, Object> defaults;
    private final Map<String, Object> extra;

    private Installation(Path root, Path inventoryFile, List<String> extraVarArgs, Inventory inventory,
                         Map<String, Object> defaults, Map<String, Object> extra) {
        this.root = root;
        this.inventoryFile = inventoryFile;
        this.extraVarArgs = List.copyOf(extraVarArgs);
        this.inventory = inventory;
        this.defaults = defaults;
        this.extra = extra;
    }

    /** The installer's home: --home, else $MUSTER_HOME, else the current directory. */
    public static Path root(Path home) {
        return (home != null ? home : Path.of(System.getenv().getOrDefault("MUSTER_HOME", "."))).toAbsolutePath().normalize();
    }

    /**
     * Loads the defaults, the -e variables and the inventory; a missing installer or inventory is a
     * {@link MusterException} with the fix. The inventory is not checked yet: see {@link #problems}.
     *
     * @param playbook a playbook the command needs, relative to the home (checked to exist)
     */
    public static Installation load(Path root, String playbook, Path inventoryFile, List<String> extraVars) {
        Path defaultsFile = root.resolve("group_vars/all.yml");
        if (!Files.isRegularFile(root.resolve(playbook)) || !Files.isRegularFile(defaultsFile)) {
            throw new MusterException(null, root + " holds no installer (" + playbook + ", group_vars/all.yml)", dev.muster.error.Failure.BAD_REQUEST, null);
        }
        if (!Files.exists(inventoryFile)) {
            throw new MusterException(null, "inventory not found: " + inventoryFile + " (give one with -i INVENTORY; "
                    + root.resolve("inventory.example") + " shows every variable)", dev.muster.error.Failure.BAD_REQUEST, null);
        }
        Map<String, Object> defaults = ExtraVars.parse(List.of("@" + defaultsFile));
        Map<String, Object> extra = ExtraVars.parse(extraVars);
        Inventory inventory = InventoryLoader.load(List.of(inventoryFile));
        return new Installation(root, inventoryFile, extraVars, inventory, defaults, extra);
    }

    public Path root() {
        return root;
    }

    public Path inventoryFile() {
        return inventoryFile;
    }

    public Inventory inventory() {
        return inventory;
    }

    public Path defaultsFile() {
        return root.resolve("group_vars/all.yml");
    }

    /** The [tower] hosts, in inventory order (empty when there is no such group). */
    public List<String> towerHosts() {
        return inventory.groupNames().contains("tower") ? inventory.hostsOf("tower") : List.of();
    }

    /** Every problem of the inventory (the Tower checks), each with its fix; empty when it may be used. */
    public List<String> problems() {
        return new TowerInventoryCheck(inventory, defaults, extra).problems();
    }

    /** A host's variables as a play sees them from the defaults, the inventory and -e (no facts). */
    public Map<String, Object> effective(String host) {
        Map<String, Object> vars = new HashMap<>(defaults);
        if (inventory.hosts().contains(host)) {
            vars.putAll(inventory.hostVars(host));
        }
        vars.putAll(extra);
        return vars;
    }

    /** A log next to the inventory (setup.log, manage.log). */
    public Path logBeside(String name) {
        return inventoryFile.toAbsolutePath().getParent().resolve(name);
    }

    /**
     * The {@code muster play} arguments for one of the installer's playbooks: the inventory, the defaults as the lowest
     * layer, {@code internalVars} (JSON, may be null) below the operator's -e, then {@code commandVars} above them
     * (what the command itself decides, e.g. the host it works on), the log, then {@code playArgs} (after --).
     */
    public List<String> playArgs(String playbook, String internalVars, Path log, List<String> commandVars, List<String> playArgs) {
        List<String> args = new ArrayList<>(List.of("play", root.resolve(playbook).toString(), "-i", inventoryFile.toString(),
                "--defaults", defaultsFile().toString()));
        if (internalVars != null) {
            args.addAll(List.of("-e", internalVars));
        }
        args.addAll(List.of("--log-file", log.toString()));
        extraVarArgs.forEach(e -> args.addAll(List.of("-e", e)));
        commandVars.forEach(e -> args.addAll(List.of("-e", e)));
        args.addAll(playArgs);
        return args;
    }

    /** Size of a log now: a run's events are what is appended after it. */
    public static long offset(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The events appended to a JSON-lines log after {@code offset} (a line cut by a killed run is skipped). */
    public static List<JsonNode> events(Path log, long offset) {
        List<JsonNode> events = new ArrayList<>();
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(Math.min(offset, file.length()));
            byte[] rest = new byte[(int) (file.length() - file.getFilePointer())];
            file.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    try {
                        events.add(JSON.readTree(line));
                    } catch (IOException malformed) {
                        // a line cut by a killed run: the reader takes what it can
                    }
                }
            }
        } catch (IOException e) {
            // no log: no events
        }
        return events;
    }
}

package dev.muster.executor;

import dev.muster.template.Templates;

import dev.muster.inventory.Inventory;
import dev.muster.playbook.RoleContext;
import dev.muster.playbook.Scope;
import dev.muster.vars.LazyVars;
import dev.muster.vars.VariablesView;
import dev.muster.template.Templating;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds the variables a task sees on a host, lowest precedence first:
 * run defaults (--defaults) &lt; role defaults &lt; inventory &lt; gathered facts &lt; play vars and vars_files &lt; role vars and role
 * parameters &lt; block and task vars &lt; include_vars &lt; set_fact and register &lt; loop variable &lt; magic variables &lt; extra vars.
 * Top-level names replace each other (no deep merge), as with Ansible's default.
 */
final class VarsAssembler {

    private final Inventory inventory;
    private final Templating templating;
    private final Map<String, Object> extraVars;
    private final Map<String, Object> defaultVars;
    private final Function<String, HostState> hosts;
    private final boolean check;
    private final boolean diff;
    private final String playbookDir;
    private volatile Map<String, List<String>> groups;
    private volatile int groupsVersion;

    /** The ansible-core whose behaviour Muster follows (the side-by-side corpus runs against it), for roles that test it. */
    static final Map<String, Object> ANSIBLE_VERSION = Map.of("full", "2.14.18", "major", 2, "minor", 14, "revision", 18,
            "string", "2.14.18");

    VarsAssembler(Inventory inventory, Templating templating, Map<String, Object> defaultVars, Map<String, Object> extraVars,
                  Function<String, HostState> hosts, boolean check, boolean diff, String playbookDir) {
        this.diff = diff;
        this.inventory = inventory;
        this.defaultVars = defaultVars;
        this.templating = templating;
        this.extraVars = extraVars;
        this.hosts = hosts;
        this.check = check;
        this.playbookDir = playbookDir;
    }

    /** The raw layers for {@code task} on {@code host}; wrap with {@link #lazy} to read them. */
    /**
     * A host's variables for a task or an include written in {@code scope}: its role's defaults, vars and parameters
     * take part whether it is a task or an include (a templated include name may use them).
     */
    Map<String, Object> raw(HostState host, PlayRun run, Scope scope) {
        Map<String, Object> vars = new HashMap<>(defaultVars);
        RoleContext role = scope == null ? null : scope.role();
        Map<String, Object> scopeVars = scope == null ? null : scope.vars();
        if (role != null) {
            vars.putAll(role.defaults());
        }
        vars.putAll(host.inventoryVars);
        vars.putAll(host.facts);
        vars.put("ansible_facts", dev.muster.facts.FactGatherer.ansibleFacts(host.facts));
        if (run != null) {
            vars.putAll(run.play.vars());
        }
        if (role != null) {
            vars.putAll(role.vars());
            vars.putAll(role.params());
        }
        if (scopeVars != null) {
            vars.putAll(scopeVars);
        }
        synchronized (host.includedVars) {
            vars.putAll(host.includedVars);
        }
        synchronized (host.hostVars) {
            vars.putAll(host.hostVars);
        }
        magic(vars, host, run, role);
        vars.putAll(extraVars);
        return vars;
    }

    private void magic(Map<String, Object> vars, HostState host, PlayRun run, RoleContext role) {
        vars.put("inventory_hostname", host.name);
        vars.put("inventory_hostname_short", host.name.split("\\.")[0]);
        vars.put("group_names", inventory.groupsOf(host.name));
        vars.put("groups", (Supplier<Object>) this::groups);
        vars.put("hostvars", (Supplier<Object>) () -> new HostVarsView(run));
        if (run != null) {
            List<String> playHosts = run.playHosts;
            vars.put("play_hosts", playHosts);
            vars.put("ansible_play_hosts", playHosts);
            vars.put("ansible_play_batch", run.batch.stream().map(h -> h.name).toList());
        }
        vars.put("ansible_check_mode", check);
        vars.put("ansible_diff_mode", diff); // --diff: a task's diff keyword does not change it in Ansible either
        vars.put("ansible_version", ANSIBLE_VERSION);
        vars.put("playbook_dir", playbookDir);
        vars.put("omit", Templates.OMIT);
        if (role != null) {
            vars.put("role_name", role.name());
            vars.put("role_path", role.dir().toString());
        }
    }

    private Map<String, List<String>> groups() {
        int version = inventory instanceof RunInventory run ? run.version() : 0;
        Map<String, List<String>> known = groups;
        if (known == null || version != groupsVersion) {
            known = inventory.groupsMap();
            groups = known;
            groupsVersion = version;
        }
        return known;
    }

    LazyVars lazy(Map<String, Object> raw) {
        return new LazyVars(raw, templating);
    }

    /** {@code hostvars}: every inventory host's variables, each computed only when asked for. */
    private final class HostVarsView extends VariablesView {
        private final PlayRun run;

        HostVarsView(PlayRun run) {
            this.run = run;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && inventory.host(name).isPresent();
        }

        @Override
        public Object get(Object key) {
            if (!containsKey(key)) {
                return null;
            }
            return lazy(raw(hosts.apply((String) key), run, null));
        }

        @Override
        protected List<String> names() {
            return inventory.hosts();
        }
    }
}

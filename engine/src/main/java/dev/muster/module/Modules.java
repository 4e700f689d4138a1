package dev.muster.module;

import dev.muster.module.builtin.AddHostModule;
import dev.muster.module.builtin.AptModule;
import dev.muster.module.builtin.GroupByModule;
import dev.muster.module.builtin.AssertModule;
import dev.muster.module.builtin.GroupModule;
import dev.muster.module.builtin.ServiceModule;
import dev.muster.module.builtin.SystemdModule;
import dev.muster.module.builtin.UriModule;
import dev.muster.module.builtin.UserModule;
import dev.muster.module.builtin.WaitForModule;
import dev.muster.module.builtin.BlockInFileModule;
import dev.muster.module.builtin.LineInFileModule;
import dev.muster.module.builtin.CommandModule;
import dev.muster.module.builtin.CopyModule;
import dev.muster.module.builtin.DebugModule;
import dev.muster.module.builtin.FailModule;
import dev.muster.module.builtin.FileModule;
import dev.muster.module.builtin.IncludeVarsModule;
import dev.muster.module.builtin.SetFactModule;
import dev.muster.module.builtin.ShellModule;
import dev.muster.module.builtin.StatModule;
import dev.muster.module.builtin.TemplateModule;
import dev.muster.module.builtin.PauseModule;
import dev.muster.module.builtin.TempfileModule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every module by name. Playbooks may also write Ansible's qualified names
 * ({@code ansible.builtin.copy}); they resolve to the same module.
 */
public final class Modules {

    private static final String QUALIFIED = "ansible.builtin.";
    private static final Modules STANDARD = new Modules(List.of(
            new CommandModule(), new ShellModule(), new CopyModule(), new TemplateModule(), new FileModule(), new StatModule(),
            new LineInFileModule(), new BlockInFileModule(), new AptModule(), new ServiceModule(), new SystemdModule(), new UserModule(), new GroupModule(),
            new WaitForModule(), new UriModule(), new DebugModule(), new SetFactModule(), new FailModule(), new AssertModule(),
            new IncludeVarsModule(), new TempfileModule(), new PauseModule(), new AddHostModule(), new GroupByModule()));

    /** Other names Ansible playbooks use for the same module. */
    private static final Map<String, String> ALIASES = Map.of("systemd_service", "systemd", "package", "apt", "ansible.legacy.command", "command",
            "ansible.legacy.shell", "shell");

    private final Map<String, Module> byName;

    public Modules(List<Module> modules) {
        Map<String, Module> map = new LinkedHashMap<>();
        modules.forEach(m -> map.put(m.name(), m));
        this.byName = Collections.unmodifiableMap(map);
    }

    /** The built-in modules. */
    public static Modules standard() {
        return STANDARD;
    }

    public Optional<Module> get(String name) {
        String plain = name.startsWith(QUALIFIED) ? name.substring(QUALIFIED.length()) : name;
        plain = ALIASES.getOrDefault(plain, plain);
        return Optional.ofNullable(byName.get(plain));
    }

    public boolean has(String name) {
        return get(name).isPresent();
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** The known module closest to a misspelled name, for "did you mean". */
    public Optional<String> suggest(String name) {
        String plain = name.startsWith(QUALIFIED) ? name.substring(QUALIFIED.length()) : name;
        java.util.Set<String> known = new java.util.TreeSet<>(byName.keySet());
        known.addAll(ALIASES.keySet());
        return Suggest.closest(plain, known);
    }
}

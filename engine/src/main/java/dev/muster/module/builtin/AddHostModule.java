package dev.muster.module.builtin;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.ArgumentException;
import dev.muster.module.Args;
import dev.muster.module.LocalAction;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code add_host}: a host (and the groups it joins, and its variables) for the rest of the run, in memory, as
 * ansible-core's action does: this only says what to add ({@code add_host} in the result); the executor changes the
 * run's inventory and says whether that changed anything. Runs in the controller, once per task (not per host).
 */
public final class AddHostModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("name", Type.STRING)
            .alias("name", "host", "hostname")
            .optional("groups", Type.ANY)
            .alias("groups", "group", "groupname")
            .openEnded()
            .build();

    @Override
    public String name() {
        return "add_host";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String given = args.string("name").strip();
        Map<String, Object> hostVars = new LinkedHashMap<>();
        args.values().forEach((key, value) -> {
            if (!key.equals("name") && !key.equals("groups")) {
                hostVars.put(key, value);
            }
        });
        // "name:port", as ansible-core's parse_address reads it (an IPv6 address needs brackets for a port)
        String name = given;
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("^(\\[[^]]+]|[^:]+):(\\d+)$").matcher(given);
        if (port.matches()) {
            name = port.group(1).startsWith("[") ? port.group(1).substring(1, port.group(1).length() - 1) : port.group(1);
            hostVars.put("ansible_ssh_port", Integer.parseInt(port.group(2)));
        }
        List<String> groups = groups(args.values().get("groups"));
        Map<String, Object> added = new LinkedHashMap<>();
        added.put("host_name", name);
        added.put("groups", groups);
        added.put("host_vars", hostVars);
        return new LocalAction(() -> TaskResult.ok("").withData(Map.of("add_host", added)));
    }

    private static List<String> groups(Object value) {
        List<String> groups = new ArrayList<>();
        if (value == null || "".equals(value)) {
            return groups;
        }
        List<?> given = value instanceof List<?> list ? list
                : value instanceof String text ? List.of(text.split(",", -1)) : null;
        if (given == null) {
            throw new ArgumentException("Groups must be specified as a list.");
        }
        for (Object group : given) {
            String name = String.valueOf(group).strip();
            if (!groups.contains(name)) {
                groups.add(name);
            }
        }
        return groups;
    }
}

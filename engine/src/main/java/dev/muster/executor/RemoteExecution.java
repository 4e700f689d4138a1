package dev.muster.executor;

import dev.muster.connection.Become;
import dev.muster.connection.Connection;
import dev.muster.connection.ConnectionFactory;
import dev.muster.connection.ExecResult;
import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskResult;
import dev.muster.playbook.Task;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.shell.Shell;
import dev.muster.template.Templates;
import dev.muster.template.Templating;
import dev.muster.vars.LazyVars;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one module script on one host: the target (the host, or its delegate_to), its connection, become and
 * environment:, the round trip (in the target's shell session where it can, see {@link HostSessions}), and the
 * module's reading of what came back. Scripts and output reach the events only at -vvv and never under no_log.
 */
final class RemoteExecution {

    private final Templating templating;
    private final ConnectionFactory connections;
    private final HostSessions sessions;
    private final VarsAssembler varsAssembler;
    private final Function<String, HostState> hosts;
    private final EventBus bus;
    private final RunOptions options;

    RemoteExecution(Templating templating, ConnectionFactory connections, HostSessions sessions, VarsAssembler varsAssembler,
                    Function<String, HostState> hosts, EventBus bus, RunOptions options) {
        this.templating = templating;
        this.connections = connections;
        this.sessions = sessions;
        this.varsAssembler = varsAssembler;
        this.hosts = hosts;
        this.bus = bus;
        this.options = options;
    }

    /**
     * The connection to {@code target}, set up from its inventory variables, as {@code remoteUser} (the play's
     * {@code remote_user}, or null) where they name no user.
     */
    Connection connect(String target, String remoteUser) {
        return connections.connect(target, connectionVars(target, remoteUser));
    }

    TaskResult execute(Task task, HostState host, LazyVars vars, RemoteAction action) {
        String target = host.name;
        if (task.scope().delegateTo() != null) {
            target = String.valueOf(Templates.deep(templating, task.scope().delegateTo(), vars, task.location(), task.displayName()));
        }
        String remoteUser = task.scope().remoteUser();
        if (remoteUser != null && remoteUser.contains("{{")) {
            remoteUser = String.valueOf(Templates.deep(templating, remoteUser, vars, task.location(), task.displayName()));
        }
        Map<String, Object> connectionVars = connectionVars(target, remoteUser);
        Connection connection = connections.connect(target, connectionVars);
        Become become = null;
        if (task.become()) {
            String user = task.scope().becomeUser() != null
                    ? String.valueOf(Templates.deep(templating, task.scope().becomeUser(), vars, task.location(), task.displayName())) : "root";
            become = new Become(user, becomePassword(connectionVars));
        }
        String environment = environment(task, vars);
        if (task.noLog() || !bus.wants(3)) {
            ExecResult quiet = run(target, connection, environment, action, become);
            if (task.noLog()) {
                bus.publish(new Event.Verbose(host.name, 3, "script and output of " + task.displayName() + " hidden (no_log)"));
            }
            return action.interpret().apply(quiet);
        }
        bus.publish(new Event.Verbose(host.name, 3, "script for " + task.displayName() + (target.equals(host.name) ? "" : " on " + target)
                + (become == null ? "" : " as " + become.user()) + ":\n" + environment + action.script()));
        ExecResult exec = run(target, connection, environment, action, become);
        bus.publish(new Event.Verbose(host.name, 3, "rc=" + exec.exitCode() + " in " + exec.elapsed().toMillis() + " ms"
                + (exec.stdout().isEmpty() ? "" : "\nstdout: " + exec.stdout()) + (exec.stderr().isEmpty() ? "" : "\nstderr: " + exec.stderr())));
        return action.interpret().apply(exec);
    }

    /**
     * Runs the action's script in the target's shell session where it can (see {@link HostSessions}), else as a
     * command of its own with its input on stdin (large or binary content, or --no-sessions).
     */
    private ExecResult run(String target, Connection connection, String environment, RemoteAction action, Become become) {
        String taskPart = options.sessions() ? HostSessions.taskPart(action) : null;
        if (taskPart != null) {
            return sessions.run(target, connection, become, environment, taskPart, action.stdin(), options.commandTimeout());
        }
        return connection.exec(environment + action.script(), action.stdin(), become, options.commandTimeout());
    }

    private String becomePassword(Map<String, Object> hostVars) {
        if (options.becomePassword() != null) {
            return options.becomePassword();
        }
        Object password = hostVars.getOrDefault("ansible_become_password", hostVars.get("ansible_become_pass"));
        return password == null ? null : String.valueOf(password);
    }

    /**
     * The target's connection variables, templated where they can be, as the connection factory needs them: the
     * default layer ({@code --defaults}, and a job's credential: user and key, as ansible's -u and --private-key),
     * the {@code remote_user} keyword over it, the inventory above them (its {@code ansible_user} wins over the
     * keyword, as in Ansible), extra vars above all.
     *
     * @param remoteUser the {@code remote_user} keyword in force, or null (a template left in it is rendered with
     *                   the target's connection variables)
     */
    private Map<String, Object> connectionVars(String target, String remoteUser) {
        HostState state = hosts.apply(target);
        Map<String, Object> raw = new HashMap<>(options.defaultVars());
        raw.putAll(state.inventoryVars);
        raw.putAll(options.extraVars());
        if (remoteUser != null && !namesUser(state.inventoryVars) && !namesUser(options.extraVars())) {
            raw.remove("ansible_ssh_user");
            raw.put("ansible_user", remoteUser);
        }
        raw.put("inventory_hostname", target);
        LazyVars lazy = varsAssembler.lazy(raw);
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (String key : raw.keySet()) {
            try {
                resolved.put(key, lazy.get(key));
            } catch (RuntimeException e) {
                resolved.put(key, raw.get(key));
            }
        }
        if (!resolved.containsKey("ansible_connection") && (target.equals("localhost") || target.equals("127.0.0.1"))
                && state.inventoryVars.isEmpty()) {
            resolved.put("ansible_connection", "local");
        }
        return resolved;
    }

    private static boolean namesUser(Map<String, Object> vars) {
        return vars.get("ansible_user") != null || vars.get("ansible_ssh_user") != null;
    }

    /** {@code environment:} as exports before the module's script; values are quoted, never interpreted. */
    private String environment(Task task, LazyVars vars) {
        if (task.scope().environment().isEmpty()) {
            return "";
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) Templates.deep(templating, task.scope().environment(), vars, task.location(), task.displayName());
        StringBuilder exports = new StringBuilder();
        env.forEach((name, value) -> {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new MusterException(task.location(), "environment variable name '" + name + "' is not valid",
                        Failure.HOST_FAILED, null);
            }
            exports.append(name).append('=').append(Shell.quote(value == null ? "" : String.valueOf(value)))
                    .append("; export ").append(name).append('\n');
        });
        return exports.toString();
    }
}

package dev.muster.executor;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import dev.muster.inventory.Inventory;
import dev.muster.inventory.HostPattern;
import dev.muster.playbook.Play;
import dev.muster.playbook.Playbook;
import dev.muster.playbook.Task;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The checks that need the inventory as well as the playbook, done before the first connection. Mistakes in the
 * files ({@link #checkPlaybook}: no task refers to a variable nothing defines, every notify names a handler) are found
 * by --syntax-check too; the request's ({@link #check}: --limit matches something, a sudo password is at hand for
 * every host that needs one) only when a run is prepared.
 */
public final class Preflight {

    private Preflight() {
    }

    /** Warnings (patterns that match nothing) go to {@code warn}; mistakes are thrown. */
    public static void check(Playbook playbook, Inventory inventory, RunOptions options, Consumer<String> warn) {
        if (options.limit() != null && HostPattern.resolve(options.limit(), inventory).isEmpty()) {
            throw new MusterException(null, "--limit '" + options.limit() + "' matches no host of the inventory", Failure.BAD_REQUEST, null);
        }
        for (Play play : playbook.plays()) {
            for (String unknown : HostPattern.unknownTerms(play.hosts(), inventory)) {
                warn.accept(play.location() + ": hosts pattern '" + unknown + "' matches no host or group");
            }
            checkBecomePassword(play, play.writtenTasks(), inventory, options);
        }
    }

    /** Mistakes in the playbook that only show with the inventory and the variables given. */
    public static void checkPlaybook(Playbook playbook, Inventory inventory, RunOptions options) {
        UndefinedVariables.check(playbook, inventory, options.defaultVars(), options.extraVars());
        for (Play play : playbook.plays()) {
            checkNotify(play, play.writtenTasks());
        }
    }

    private static void checkNotify(Play play, List<Task> tasks) {
        for (Task task : tasks) {
            for (String name : task.notifies()) {
                if (name.contains("{{")) {
                    continue;
                }
                boolean known = play.handlers().stream().anyMatch(h -> name.equals(h.name()) || h.listen().contains(name));
                if (!known) {
                    throw new MusterException(task.location(), "task '" + task.displayName() + "' notifies '" + name
                            + "', but no handler has that name or listens to it");
                }
            }
        }
    }

    /**
     * sudo needs a password unless the connecting user is root or the host says sudo is
     * passwordless ({@code ansible_become_passwordless: true}); finding out by connecting would
     * already have touched the host.
     */
    private static void checkBecomePassword(Play play, List<Task> tasks, Inventory inventory, RunOptions options) {
        if (options.becomePassword() != null || tasks.stream().noneMatch(Task::become)) {
            return;
        }
        for (String host : RunHosts.targetedBy(play, inventory, options.limit())) {
            Map<String, Object> vars = inventory.hostVars(host);
            Object user = vars.get("ansible_user") != null ? vars.get("ansible_user")
                    : vars.get("ansible_ssh_user") != null ? vars.get("ansible_ssh_user") : play.scope().remoteUser();
            boolean root = "root".equals(user == null ? System.getProperty("user.name") : String.valueOf(user));
            boolean passwordless = Boolean.TRUE.equals(vars.get("ansible_become_passwordless"))
                    || "true".equalsIgnoreCase(String.valueOf(vars.get("ansible_become_passwordless")));
            boolean hasPassword = vars.get("ansible_become_password") != null || vars.get("ansible_become_pass") != null;
            if (!root && !passwordless && !hasPassword) {
                throw new MusterException(play.location(), "play '" + play.displayName() + "' uses become on " + host
                        + " (user " + user + ") but no sudo password was given: use --ask-become-pass, --become-password-file, "
                        + "ansible_become_password, or set ansible_become_passwordless: true for passwordless sudo", Failure.BAD_REQUEST, null);
            }
        }
    }
}

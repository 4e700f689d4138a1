package dev.muster.manage;

import dev.muster.error.ExitCodes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every manage subcommand shares: the options of {@code manage} (inherited: -i, -e, --yes), the options for
 * muster play after --, loading the cluster from the inventory (stopping before any host when it fails setup's
 * checks), and trying the [tower] nodes in turn for a job any one of them can do.
 */
abstract class ClusterCommand implements Callable<Integer> {

    @ParentCommand
    ManageCommand manage;

    @Spec
    CommandSpec spec;

    /** When the command began (System.nanoTime): a total it reports includes loading the inventory. */
    long started;

    /** After --: options for muster play. */
    abstract List<String> playArgs();

    /** The command's work once the inventory passed setup's checks; returns the exit code. */
    abstract int run(Cluster cluster, PrintWriter out, PrintWriter err) throws Exception;

    @Override
    public final Integer call() throws Exception {
        started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Cluster cluster = manage.cluster(playArgs(), out, err);
        if (cluster == null) {
            return ExitCodes.PARSE_ERROR;
        }
        return run(cluster, out, err);
    }

    /** One node's try at a job: done, with the command's exit code, or failed, with why (then the next node tries). */
    record Attempt(Integer exitCode, String failure) {
        static Attempt done(int exitCode) {
            return new Attempt(exitCode, null);
        }

        static Attempt failed(PlayRun run) {
            return new Attempt(null, String.join("; ", run.failures()));
        }
    }

    interface Job {
        Attempt on(String node) throws Exception;
    }

    /**
     * Has the first [tower] node that answers over SSH and gets {@code job} done do it; when none does, the command
     * is refused with {@code failure} and each node's reason (or, when none answers, why not).
     */
    static int onFirstAnsweringNode(Cluster cluster, PrintWriter err, String failure, Job job) throws Exception {
        Cluster.Reachability reach = cluster.probe(cluster.installation().towerHosts());
        List<String> tried = new ArrayList<>();
        for (String node : reach.reachable()) {
            Attempt attempt = job.on(node);
            if (attempt.exitCode() != null) {
                return attempt.exitCode();
            }
            tried.add(node + ": " + attempt.failure());
        }
        return ManageCommand.refused(err, failure + ": " + (tried.isEmpty()
                ? "no [tower] host answers over SSH " + reach.unreachable() : String.join("; ", tried)));
    }

    /** A command about the whole cluster: every positional argument goes to muster play. */
    abstract static class OfTheCluster extends ClusterCommand {
        @Parameters(paramLabel = "PLAY_ARGS", description = "After --: options for muster play (--known-hosts, -v ...).")
        List<String> playArgs = new ArrayList<>();

        @Override
        final List<String> playArgs() {
            return playArgs;
        }
    }

    /** A command about one node: HOST, then the options for muster play. */
    abstract static class OfANode extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "HOST", description = "The node's name: its inventory name, as list-nodes shows it.")
        String host;

        @Parameters(index = "1..*", paramLabel = "PLAY_ARGS", description = "After --: options for muster play (--known-hosts, -v ...).")
        List<String> playArgs = new ArrayList<>();

        @Override
        final List<String> playArgs() {
            return playArgs;
        }
    }
}

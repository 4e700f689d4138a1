package dev.muster.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import dev.muster.vars.ExtraVars;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code muster job launch}: queues a playbook run of a project on the cluster; prints its id (or follows it). */
@Command(name = "launch", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Queue a job: a playbook of a project against a stored inventory with a stored credential.")
final class JobLaunchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--project", required = true, paramLabel = "NAME", description = "The project (muster project create/update).")
    String project;

    @Option(names = "--playbook", required = true, paramLabel = "FILE", description = "The playbook, relative to the project, e.g. site.yml.")
    String playbook;

    @Option(names = "--inventory", required = true, paramLabel = "NAME", description = "The stored inventory (muster inventory save).")
    String inventory;

    @Option(names = "--credential", required = true, paramLabel = "NAME", description = "The stored credential (muster credential save).")
    String credential;

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VARS", description = "k=v, @file.yml or {json}, as muster play (repeatable).")
    List<String> extraVars = new ArrayList<>();

    @Option(names = {"-l", "--limit"}, paramLabel = "PATTERN", description = "Limit the hosts further.")
    String limit;

    @Option(names = {"-t", "--tags"}, paramLabel = "TAGS", description = "Only the tasks with these tags.")
    String tags;

    @Option(names = {"-C", "--check"}, description = "Check mode: report what would change, change nothing.")
    boolean check;

    @Option(names = {"-f", "--follow"}, description = "Print the job's events until it ends; exit with its outcome.")
    boolean follow;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project);
        body.put("playbook", playbook);
        body.put("inventory", inventory);
        body.put("credential", credential);
        // parsed here, as muster play does, so a mistake is reported before anything is sent
        body.put("extra_vars", ExtraVars.parse(extraVars));
        if (limit != null) {
            body.put("limit", limit);
        }
        if (tags != null) {
            body.put("tags", tags);
        }
        body.put("check", check);
        ApiClient client = api.connect(spec.commandLine().getErr());
        JsonNode job = client.post("/api/v1/jobs/", body);
        if (api.json()) {
            out.println(job);
        } else {
            out.println("job " + job.path("id").asText() + " " + job.path("status").asText());
        }
        out.flush();
        if (!follow) {
            return ExitCodes.OK;
        }
        JsonNode last = new JobEventsReader(client, out, api.json()).read(job.path("id").asLong(), 0, true);
        if (!api.json()) {
            out.print(JobView.render(last));
            out.flush();
        }
        return JobView.exitCode(last);
    }
}

package dev.muster.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.credential.CredentialStore;
import dev.muster.node.inventory.InventoryStore;
import dev.muster.node.job.ControlExchange;
import dev.muster.node.job.JobEvents;
import dev.muster.node.job.JobQueue;
import dev.muster.node.job.JobStore;
import dev.muster.node.project.ProjectFiles;
import dev.muster.node.project.ProjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/jobs/}: launch (POST), list (recent first), show ({@code ID/}), events ({@code ID/events/}) and
 * cancel ({@code ID/cancel/}). A launch is checked completely (project and its revision, the playbook in it,
 * inventory, credential, every field) before anything is stored or queued: a bad one is a 400 with the reason.
 */
public final class JobResource implements Resource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LAUNCH_FIELDS = Set.of("project", "playbook", "inventory", "credential",
            "extra_vars", "limit", "tags", "check");

    private final JobStore jobs;
    private final JobEvents events;
    private final JobQueue queue;
    private final ControlExchange control;
    private final ProjectStore projects;
    private final ProjectFiles files;
    private final InventoryStore inventories;
    private final CredentialStore credentials;

    public JobResource(JobStore jobs, JobEvents events, JobQueue queue, ControlExchange control, ProjectStore projects,
                       ProjectFiles files, InventoryStore inventories, CredentialStore credentials) {
        this.jobs = jobs;
        this.events = events;
        this.queue = queue;
        this.control = control;
        this.projects = projects;
        this.files = files;
        this.inventories = inventories;
        this.credentials = credentials;
    }

    @Override
    public Reply handle(ApiRequest r) throws DatabaseUnavailableException {
        int n = r.segments().size();
        if (n == 1) {
            r.require("GET", "POST");
            if (r.method().equals("GET")) {
                int limit = (int) r.queryLong("limit", 100, 1, 1000);
                return Reply.ok(Map.of("results", jobs.recent(limit)));
            }
            return launch(r.json());
        }
        long id = jobId(r.segment(1));
        if (n == 2) {
            r.require("GET");
            return Reply.ok(view(id));
        }
        if (n == 3 && "events".equals(r.segment(2))) {
            r.require("GET");
            long after = r.queryLong("after", 0, 0, Long.MAX_VALUE);
            int limit = (int) r.queryLong("limit", 1000, 1, 10_000);
            String page = events.page(id, after, limit);
            if (page == null) {
                throw ApiError.notFound("no job " + id);
            }
            return Reply.ok(new Reply.RawJson(page));
        }
        if (n == 3 && "cancel".equals(r.segment(2))) {
            r.require("POST");
            return cancel(id);
        }
        throw ApiError.notFound("no such endpoint under jobs/" + id + "/");
    }

    private Reply launch(JsonNode body) throws DatabaseUnavailableException {
        Fields.onlyKnown(body, LAUNCH_FIELDS);
        String projectName = Fields.requiredText(body, "project");
        String playbook = Fields.requiredText(body, "playbook");
        String inventoryName = Fields.requiredText(body, "inventory");
        String credentialName = Fields.optionalText(body, "credential");
        String limit = Fields.optionalText(body, "limit");
        String tags = Fields.optionalText(body, "tags");
        boolean check = Fields.optionalBoolean(body, "check");
        JsonNode extra = body.get("extra_vars");
        if (extra != null && !extra.isNull() && !extra.isObject()) {
            throw ApiError.badRequest("'extra_vars' must be a JSON object");
        }
        ProjectStore.Project project = projects.find(projectName);
        if (project == null) {
            throw ApiError.badRequest("unknown project '" + projectName + "'");
        }
        if (project.revision() == null) {
            throw ApiError.badRequest("project '" + projectName + "' has no revision yet: update it first");
        }
        checkPlaybook(project, playbook);
        InventoryStore.Inventory inventory = inventories.find(inventoryName);
        if (inventory == null) {
            throw ApiError.badRequest("unknown inventory '" + inventoryName + "'");
        }
        Long credentialId = null;
        if (credentialName != null) {
            CredentialStore.Summary credential = credentials.find(credentialName);
            if (credential == null) {
                throw ApiError.badRequest("unknown credential '" + credentialName + "'");
            }
            credentialId = credential.id();
        }
        String extraJson;
        try {
            extraJson = extra == null || extra.isNull() ? "{}" : JSON.writeValueAsString(extra);
        } catch (IOException e) {
            throw ApiError.badRequest("'extra_vars' cannot be written as JSON: " + e.getMessage());
        }
        long id = jobs.create(new JobStore.Launch(project.id(), project.revision(), playbook, inventory.id(), credentialId,
                extraJson, limit, tags, check));
        // The reply shows the job as launched: once published, a node may claim it before we could read it back.
        Map<String, Object> launched = view(id);
        try {
            queue.publish(id);
        } catch (IOException e) {
            jobs.abandon(id, "not queued: " + e.getMessage());
            throw new ApiError(503, "job " + id + " could not be queued: " + e.getMessage());
        }
        return Reply.created(launched);
    }

    /** The playbook must be a relative path inside the project's current revision, and exist there. */
    private void checkPlaybook(ProjectStore.Project project, String playbook) throws DatabaseUnavailableException {
        Path rel = Path.of(playbook).normalize();
        if (rel.isAbsolute() || rel.startsWith("..") || playbook.contains("\0")) {
            throw ApiError.badRequest("'playbook' must be a path inside the project, got '" + playbook + "'");
        }
        Path dir;
        try {
            dir = files.ensure(project, project.revision());
        } catch (IOException e) {
            throw new ApiError(503, "project " + project.name() + " revision " + project.revision()
                    + " is not available on this node: " + e.getMessage());
        }
        if (!Files.isRegularFile(dir.resolve(rel))) {
            throw ApiError.badRequest("playbook '" + playbook + "' not found in project " + project.name()
                    + " (revision " + project.revision() + ")");
        }
    }

    /** 202 for a pending job (canceled at once) or a running one (its node is told); 409 once it has ended. */
    private Reply cancel(long id) throws DatabaseUnavailableException {
        String before = (String) view(id).get("status");
        String status = JobStore.PENDING.equals(before) || JobStore.RUNNING.equals(before) ? jobs.cancel(id) : before;
        if (JobStore.RUNNING.equals(status)) {
            try {
                control.publish(Map.of("cancel", id));
            } catch (IOException e) {
                throw new ApiError(503, "cancel of job " + id + " recorded, but the nodes could not be told: " + e.getMessage());
            }
        } else if (!JobStore.PENDING.equals(before) || !JobStore.CANCELED.equals(status)) {
            throw new ApiError(409, "job " + id + " has already ended: " + status);
        }
        return new Reply(202, view(id));
    }

    private Map<String, Object> view(long id) throws DatabaseUnavailableException {
        Map<String, Object> v = jobs.view(id);
        if (v == null) {
            throw ApiError.notFound("no job " + id);
        }
        return v;
    }

    private static long jobId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiError.notFound("no job '" + text + "'");
        }
    }
}

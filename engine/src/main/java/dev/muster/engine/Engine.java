package dev.muster.engine;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import dev.muster.executor.Preflight;
import dev.muster.inventory.Inventory;
import dev.muster.playbook.Condition;
import dev.muster.playbook.Playbook;
import dev.muster.playbook.PlaybookLoader;
import dev.muster.template.Templating;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one entry point for running playbooks, in the spirit of ansible-runner: {@code muster play}, the test harnesses,
 * setup, manage and the node service all go through it.
 * <pre>{@code
 * Engine engine = Engine.standard();
 * PreparedRun prepared = engine.prepare(RunRequest.builder(Path.of("site.yml")).inventory(Path.of("inventory")).build());
 * RunResult result = prepared.start(event -> System.out.println(event)).await();
 * }</pre>
 * An engine holds no run state: one instance serves any number of runs, one after the other or at once.
 */
public final class Engine {

    private final EngineServices services;

    public Engine(EngineServices services) {
        this.services = services;
    }

    /** The real modules, templating, facts and SSH. */
    public static Engine standard() {
        return new Engine(new StandardServices());
    }

    /**
     * Loads the inventory, the playbook and every role and file it imports, and checks them (module names and
     * arguments, expressions, notify targets, undefined variables: everything that {@link #prepare} would refuse as a
     * mistake in a file): what {@code --syntax-check}, {@code --list-hosts} and {@code --list-tasks} need.
     * Touches no host.
     *
     * @throws MusterException {@link Failure#BAD_REQUEST} for a wrong request, {@link Failure#BAD_INPUT} with
     *                         FILE:LINE:COLUMN for a mistake in a file
     */
    public Plan load(RunRequest request) {
        validate(request);
        if (!Files.isRegularFile(request.playbook())) {
            throw new MusterException(null, "playbook not found: " + request.playbook(), Failure.BAD_REQUEST, null);
        }
        Inventory inventory = services.inventory(request.inventorySources(), request.playbook().getParent());
        PlaybookLoader loader = loader(request);
        Playbook playbook = loader.load(request.playbook());
        PlanChecks.check(playbook, services.modules(), services.templating());
        Preflight.checkPlaybook(playbook, inventory, request.options());
        return new Plan(request, inventory, playbook);
    }

    /**
     * {@link #load} and then what the request adds (--limit, sudo passwords), and the secrets to mask: after this, nothing is left to check
     * before connecting. Connection set-up work that needs no host starts in the background.
     */
    public PreparedRun prepare(RunRequest request) {
        validate(request);
        services.warmUp(); // on the other core, while the inventory and playbook are read and checked
        Plan plan = load(request);
        List<String> warnings = new ArrayList<>();
        Preflight.check(plan.playbook(), plan.inventory(), request.options(), warnings::add);
        return new PreparedRun(services, plan, () -> loader(request), warnings);
    }

    private PlaybookLoader loader(RunRequest request) {
        Templating templating = services.templating();
        return new PlaybookLoader(services.modules(), request.rolesPaths(), conditionCheck(templating));
    }

    /** A condition's syntax error is a mistake in the file it comes from, at its location. */
    private static Consumer<Condition> conditionCheck(Templating templating) {
        return condition -> {
            try {
                templating.checkSyntax(condition.text());
            } catch (MusterException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new MusterException(condition.location(), "bad condition '" + condition.text() + "': " + e.getMessage());
            }
        };
    }

    private static void validate(RunRequest request) {
        if (request.forks() < 1) {
            throw new MusterException(null, "forks must be at least 1", Failure.BAD_REQUEST, null);
        }
        if (request.timeout() == null || request.timeout().toSeconds() < 1) {
            throw new MusterException(null, "the task timeout must be at least 1 second", Failure.BAD_REQUEST, null);
        }
    }
}

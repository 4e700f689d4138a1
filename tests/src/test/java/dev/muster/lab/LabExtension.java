package dev.muster.lab;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the hosts a {@link LabHosts} class asks for and injects {@link Lab}. The lab is shared by every class of the
 * test run (startup cost) and taken down when the run ends, unless -Dmuster.lab.keep=true or MUSTER_LAB_KEEP=1.
 */
public class LabExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        LabHosts wanted = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), LabHosts.class)
                .orElseThrow(() -> new IllegalStateException("LabExtension needs @LabHosts on " + context.getRequiredTestClass()));
        SharedLab shared = context.getRoot().getStore(NS).getOrComputeIfAbsent("lab", k -> new SharedLab(), SharedLab.class);
        Lab lab;
        try {
            lab = wanted.value() == 0 ? Lab.shared() : Lab.shared().up(wanted.value());
            if (wanted.value() > 0) {
                lab.restore();
                if (wanted.fresh()) {
                    lab.reset(lab.hosts().toArray(String[]::new));
                }
            }
            shared.used = true;
        } catch (LabException e) {
            unavailable(e.getMessage());
            return;
        }
        context.getStore(NS).put("view", lab);
    }

    /** Outside CI a missing lab (not root, no nspawn) skips the class; in CI it fails it: a lab test never skips there. */
    private static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new LabException("the lab cannot start (CI=true, so this fails instead of skipping): " + why);
        }
        Assumptions.abort("the lab cannot start: " + why);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Lab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Lab lab = context.getStore(NS).get("view", Lab.class);
        if (lab == null) {
            throw new ParameterResolutionException("the lab is not up for " + context.getRequiredTestClass().getName());
        }
        return lab;
    }

    /** Closed by JUnit when the whole run ends. */
    private static final class SharedLab implements ExtensionContext.Store.CloseableResource {
        boolean used;

        @Override
        public void close() {
            boolean keep = Boolean.getBoolean("muster.lab.keep") || "1".equals(System.getenv("MUSTER_LAB_KEEP"));
            if (used && !keep) {
                Lab.shared().down();
            }
        }
    }
}

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
import java.util.LinkedHashMap;
import java.util.Map;

/** Sets host variables from its (already templated) arguments; runs in the controller. */
public final class SetFactModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .optional("cacheable", Type.BOOL, false)
            .openEnded()
            .build();

    @Override
    public String name() {
        return "set_fact";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        Map<String, Object> facts = new LinkedHashMap<>();
        args.values().forEach((name, value) -> {
            if (!name.equals("cacheable")) {
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new ArgumentException("'" + name + "' is not a valid variable name");
                }
                facts.put(name, value);
            }
        });
        if (facts.isEmpty()) {
            throw new ArgumentException("set_fact needs at least one variable");
        }
        return new LocalAction(() -> TaskResult.ok("").withFacts(facts).withData(Map.of("ansible_facts", facts)));
    }
}

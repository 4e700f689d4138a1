package dev.muster.playbook;

import static dev.muster.playbook.YamlShapes.conditions;
import static dev.muster.playbook.YamlShapes.mapping;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import dev.muster.module.ArgSpec;
import dev.muster.module.Module;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a task's module arguments as written (a mapping, a free-form string, and {@code args:}),
 * remembers where each one is, and has the module's {@link ArgSpec} check them: the loader has no
 * argument rules of its own.
 */
final class ArgumentReader {

    private final Consumer<Condition> conditionCheck;

    ArgumentReader(Consumer<Condition> conditionCheck) {
        this.conditionCheck = conditionCheck;
    }

    /**
     * @param value     what the module's key holds
     * @param extra     the task's {@code args:}, or null
     * @param locations filled with where each argument was written
     * @param at        where the module is named
     */
    Map<String, Object> read(Module module, YamlNode value, YamlNode extra, Map<String, SourceLocation> locations, SourceLocation at) {
        ArgSpec spec = module.spec();
        Map<String, Object> args = new LinkedHashMap<>();
        if (value instanceof YamlNode.Mapping map) {
            map.entries().forEach((k, v) -> {
                args.put(k, v.toPlain());
                locations.put(k, map.keyLocation(k));
            });
        } else if (value instanceof YamlNode.Scalar scalar && scalar.value() != null) {
            FreeFormArgs.parse(scalar.text(), module.name(), spec.freeForm(), scalar.location()).forEach((k, v) -> {
                args.put(k, v);
                locations.put(k, scalar.location());
            });
        } else if (value instanceof YamlNode.Sequence) {
            throw new MusterException(value.location(), "module arguments are a mapping or a string, not a list");
        }
        if (extra != null) {
            YamlNode.Mapping map = mapping(extra, "args");
            map.entries().forEach((k, v) -> {
                args.putIfAbsent(k, v.toPlain());
                locations.putIfAbsent(k, map.keyLocation(k));
            });
        }
        spec.check(module.name(), args, locations, at);
        checkConditionArgs(spec, value, extra);
        return args;
    }

    /** Arguments that are conditions (assert's {@code that}) get the same syntax check as {@code when}, item by item. */
    private void checkConditionArgs(ArgSpec spec, YamlNode value, YamlNode extra) {
        for (ArgSpec.Arg arg : spec.args().values()) {
            if (arg.type() != ArgSpec.Type.CONDITIONS) {
                continue;
            }
            for (YamlNode source : Arrays.asList(value, extra)) {
                if (source instanceof YamlNode.Mapping map) {
                    for (String name : arg.allNames()) {
                        if (map.has(name)) {
                            conditions(map.get(name)).forEach(conditionCheck);
                        }
                    }
                }
            }
        }
    }
}

package dev.muster.module.builtin;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.Args;
import dev.muster.module.LocalAction;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import java.util.List;
import java.util.Map;

/**
 * {@code group_by}: the host joins the group named by {@code key} (spaces made dashes, as ansible-core does), a child
 * of {@code parents} (default {@code all}), in memory for the rest of the run. This only says what to add
 * ({@code add_group}, {@code parent_groups}); the executor changes the run's inventory. Runs in the controller.
 */
public final class GroupByModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("key", Type.STRING)
            .optional("parents", Type.ANY)
            .build();

    @Override
    public String name() {
        return "group_by";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        Object parents = args.values().get("parents");
        List<?> given = parents == null ? List.of("all") : parents instanceof List<?> list ? list : List.of(parents);
        List<String> names = given.stream().map(p -> String.valueOf(p).replace(' ', '-')).toList();
        return new LocalAction(() -> TaskResult.ok("").withData(Map.of("add_group", args.string("key").replace(' ', '-'),
                "parent_groups", names)));
    }
}

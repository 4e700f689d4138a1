package dev.muster.module.builtin;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.Args;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import java.nio.charset.StandardCharsets;

/** Puts a file from the role/playbook ({@code src}) or given text ({@code content}) at {@code dest}. */
public final class CopyModule implements Module {

    private static final ArgSpec SPEC = ContentWriter.destinationArguments(ArgSpec.builder()
                    .optional("src", Type.PATH)
                    .optional("content", Type.STRING)
                    // true (Ansible's default): a Vault-encrypted src is refused, Muster has no Vault; false copies it as it is
                    .optional("decrypt", Type.BOOL, true))
            .mutuallyExclusive("src", "content")
            .requiredOneOf("src", "content")
            .build();

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        if (args.has("content")) {
            return ContentWriter.plan(args, context, args.string("dest"), null, args.string("content").getBytes(StandardCharsets.UTF_8));
        }
        String src = args.string("src");
        byte[] bytes = args.bool("decrypt") ? ContentWriter.source(context, "files", src) : context.resources().read("files", src);
        return ContentWriter.plan(args, context, args.string("dest"), ContentWriter.baseName(src), bytes);
    }
}

package dev.muster.module.builtin;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.Args;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import java.nio.charset.StandardCharsets;

/**
 * Renders a template from the role's templates/ (or the playbook's) in the controller with the
 * host's variables, then puts the result in place exactly as copy does.
 */
public final class TemplateModule implements Module {

    private static final ArgSpec SPEC = ContentWriter.destinationArguments(ArgSpec.builder()
                    .required("src", Type.PATH))
            .build();

    @Override
    public String name() {
        return "template";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String src = args.string("src");
        String text = new String(ContentWriter.source(context, "templates", src), StandardCharsets.UTF_8);
        String rendered = context.renderer().render(text, context.vars());
        String name = ContentWriter.baseName(src);
        if (name.endsWith(".mustache")) {
            name = name.substring(0, name.length() - ".mustache".length());
        } else if (name.endsWith(".j2")) {
            name = name.substring(0, name.length() - ".j2".length());
        }
        return ContentWriter.plan(args, context, args.string("dest"), name, rendered.getBytes(StandardCharsets.UTF_8));
    }
}

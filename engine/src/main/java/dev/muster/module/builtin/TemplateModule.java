package dev.muster.module.builtin;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.Args;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import dev.muster.module.ArgumentException;
import dev.muster.template.TemplateFiles;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Renders a template from the role's templates/ (or the playbook's) in the controller with the
 * host's variables (Jinja, as Ansible; mustache for a {@code .mustache} file), then puts the result in place exactly as
 * copy does. Ansible's Jinja options: trim_blocks, lstrip_blocks, output_encoding; newline_sequence only {@code \n} and
 * the delimiters only Jinja's own (Jinjava's are fixed).
 */
public final class TemplateModule implements Module {

    /** Jinja's delimiters: Jinjava's are fixed, so another value is refused rather than rendered with the wrong ones. */
    private static final Map<String, String> DELIMITERS = Map.of("block_start_string", "{%", "block_end_string", "%}",
            "variable_start_string", "{{", "variable_end_string", "}}", "comment_start_string", "{#", "comment_end_string", "#}");

    private static final ArgSpec SPEC = delimiters(ContentWriter.destinationArguments(ArgSpec.builder()
                    .required("src", Type.PATH))
            .optional("trim_blocks", Type.BOOL, true)
            .optional("lstrip_blocks", Type.BOOL, false)
            .optional("newline_sequence", Type.STRING, "\n")
            .optional("output_encoding", Type.STRING, "utf-8")
            // a link at dest: its target is written (true), or it is replaced by a file (false), as copy (ContentWriter)
            .optional("follow", Type.BOOL, false))
            .build();

    private static ArgSpec.Builder delimiters(ArgSpec.Builder spec) {
        DELIMITERS.keySet().forEach(name -> spec.optional(name, Type.STRING));
        return spec;
    }

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
        // refused before the file is read, so that the plan-time check (no host) refuses them too
        DELIMITERS.forEach((name, jinja) -> {
            if (args.has(name) && !jinja.equals(args.string(name))) {
                throw new ArgumentException(name, name + " '" + args.string(name) + "' is not supported: the Jinja engine's delimiters"
                        + " are fixed (" + jinja + "); write the template with them");
            }
        });
        String newline = args.string("newline_sequence");
        if (!newline.equals("\\n") && !newline.equals("\n")) {
            throw new ArgumentException("newline_sequence", "newline_sequence other than \\n is not supported");
        }
        Charset encoding = encoding(args.string("output_encoding"));
        String src = args.string("src");
        String text = new String(ContentWriter.source(context, "templates", src), StandardCharsets.UTF_8);
        String rendered = context.renderer().render(src, text, context.vars(),
                new TemplateFiles.Options(args.bool("trim_blocks"), args.bool("lstrip_blocks"), false));
        String name = ContentWriter.baseName(src);
        if (name.endsWith(".mustache")) {
            name = name.substring(0, name.length() - ".mustache".length());
        } else if (name.endsWith(".j2")) {
            name = name.substring(0, name.length() - ".j2".length());
        }
        return ContentWriter.plan(args, context, args.string("dest"), name, rendered.getBytes(encoding));
    }

    private static Charset encoding(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new ArgumentException("output_encoding", "output_encoding '" + name + "' is not an encoding Java knows");
        }
    }
}

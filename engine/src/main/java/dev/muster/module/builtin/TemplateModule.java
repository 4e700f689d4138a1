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
 * copy does. Ansible's Jinja options: trim_blocks, lstrip_blocks, output_encoding, newline_sequence; the delimiters only
 * Jinja's own (Jinjava's are fixed). include/import/extends read the templates the module searches.
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
        String newline = args.string("newline_sequence").replace("\\r", "\r").replace("\\n", "\n");
        if (!newline.equals("\n") && !newline.equals("\r\n") && !newline.equals("\r")) {
            throw new ArgumentException("newline_sequence", "newline_sequence must be one of \\n, \\r or \\r\\n, as in Ansible");
        }
        Charset encoding = encoding(args.string("output_encoding"));
        String src = args.string("src");
        String text = new String(ContentWriter.source(context, "templates", src), StandardCharsets.UTF_8);
        java.nio.file.Path file = context.resources().find("templates", src);
        Args bound = ContentWriter.preserveMode(args, file);
        String rendered = TemplateFiles.withFiles(name -> include(context, name), templateVars(bound, src, file),
                () -> context.renderer().render(src, text, context.vars(),
                        new TemplateFiles.Options(bound.bool("trim_blocks"), bound.bool("lstrip_blocks"), false)));
        if (!newline.equals("\n")) {
            rendered = rendered.replace("\n", newline);
        }
        // inside a directory dest the file is named as the template (Ansible's _original_basename: foo.j2 stays foo.j2);
        // a mustache template (Muster's own) loses its .mustache
        String name = ContentWriter.baseName(src);
        if (name.endsWith(".mustache")) {
            name = name.substring(0, name.length() - ".mustache".length());
        }
        return ContentWriter.plan(bound, context, bound.string("dest"), name, rendered.getBytes(encoding));
    }

    /** A file an include/import/extends names, from the templates the template module itself searches; null when none. */
    private static String include(TaskContext context, String name) {
        if (context.resources().find("templates", name) == null) {
            return null;
        }
        return new String(ContentWriter.source(context, "templates", name), StandardCharsets.UTF_8);
    }

    /** Ansible's template variables (generate_ansible_template_vars): where the template is and where it goes. */
    private static Map<String, Object> templateVars(Args args, String src, java.nio.file.Path file) {
        Map<String, Object> vars = new java.util.LinkedHashMap<>();
        vars.put("template_destpath", args.string("dest"));
        vars.put("template_path", file == null ? src : file.toString());
        vars.put("template_fullpath", file == null ? src : file.toAbsolutePath().toString());
        vars.put("template_host", hostName());
        return vars;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private static Charset encoding(String name) {
        if (name.isEmpty()) {
            return StandardCharsets.UTF_8;   // Ansible's default for an empty output_encoding too
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new ArgumentException("output_encoding", "output_encoding '" + name + "' is not an encoding Java knows");
        }
    }
}

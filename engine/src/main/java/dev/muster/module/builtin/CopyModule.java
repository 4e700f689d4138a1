package dev.muster.module.builtin;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.ArgumentException;
import dev.muster.module.Args;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import java.nio.charset.StandardCharsets;

/**
 * Puts a file from the role/playbook ({@code src}) or given text ({@code content}) at {@code dest}; a directory
 * {@code src} is copied recursively ({@link CopyTree}), and with {@code remote_src} the src is on the target
 * ({@link RemoteCopy}).
 */
public final class CopyModule implements Module {

    private static final ArgSpec SPEC = ContentWriter.destinationArguments(ArgSpec.builder()
                    .optional("src", Type.PATH)
                    .optional("content", Type.ANY)
                    // true (Ansible's default): a Vault-encrypted src is refused, Muster has no Vault; false copies it as it is
                    .optional("decrypt", Type.BOOL, true)
                    // src is a path on the target (RemoteCopy), not a file beside the playbook
                    .optional("remote_src", Type.BOOL, false)
                    // a link at dest: its target is written (true), or it is replaced by a file (false, Ansible's default)
                    .optional("follow", Type.BOOL, false)
                    // links inside a src directory on the controller; a file src is always read through its links
                    // (no default here: a controller src follows them unless false, remote_src only when true, as Ansible)
                    .optional("local_follow", Type.BOOL)
                    // the mode of directories the copy creates
                    .optional("directory_mode", Type.MODE))
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
        Modes.normalize(args.string("directory_mode"));
        if (args.has("content")) {
            // a dict or a list is written as JSON, as Ansible's copy action does (json.dumps), never as Java prints it
            Object content = args.values().get("content");
            String text = content instanceof java.util.Map<?, ?> || content instanceof java.util.List<?>
                    ? dev.muster.template.ansible.PyJson.dumps(content) : args.string("content");
            return ContentWriter.plan(args, context, args.string("dest"), null, text.getBytes(StandardCharsets.UTF_8));
        }
        String src = args.string("src");
        if (src.isEmpty()) {
            // Ansible's words; an empty src would otherwise name the whole files/ directory
            throw new ArgumentException("src", "src (or content) is required");
        }
        if (args.bool("remote_src")) {
            return RemoteCopy.plan(args, context);
        }
        java.nio.file.Path tree = context.resources().find("files", src);
        if (tree != null && java.nio.file.Files.isDirectory(tree)) {
            return CopyTree.plan(args, context, tree, src);
        }
        byte[] bytes = args.bool("decrypt") ? ContentWriter.source(context, "files", src) : context.resources().read("files", src);
        Args bound = ContentWriter.preserveMode(args, tree);
        return ContentWriter.plan(bound, context, bound.string("dest"), ContentWriter.baseName(src), bytes);
    }
}

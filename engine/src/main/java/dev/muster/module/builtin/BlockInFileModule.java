package dev.muster.module.builtin;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.ArgumentException;
import dev.muster.module.Args;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keeps a block of lines between two marker lines in a file; an empty block removes it. */
public final class BlockInFileModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("path", Type.PATH).alias("path", "dest", "destfile", "name")
            .optional("block", Type.STRING, "").alias("block", "content")
            .optional("marker", Type.STRING, "# {mark} ANSIBLE MANAGED BLOCK")
            .optional("marker_begin", Type.STRING, "BEGIN")
            .optional("marker_end", Type.STRING, "END")
            .choice("state", "present", "present", "absent")
            .optional("insertafter", Type.STRING)
            .optional("insertbefore", Type.STRING)
            .optional("create", Type.BOOL, false)
            .optional("backup", Type.BOOL, false)
            .optional("mode", Type.MODE)
            .optional("owner", Type.STRING)
            .optional("group", Type.STRING)
            .optional("validate", Type.STRING)
            .mutuallyExclusive("insertafter", "insertbefore")
            .build();

    @Override
    public String name() {
        return "blockinfile";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String marker = args.string("marker");
        if (!marker.contains("{mark}")) {
            throw new ArgumentException("marker must contain {mark}, so that begin and end differ");
        }
        String begin = marker.replace("{mark}", args.string("marker_begin"));
        String end = marker.replace("{mark}", args.string("marker_end"));
        if (begin.contains("\n") || end.contains("\n") || begin.equals(end)) {
            throw new ArgumentException("the begin and end markers must be two different single lines");
        }
        String block = args.string("block");
        if (block.endsWith("\n")) {
            block = block.substring(0, block.length() - 1);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MU_BEGIN", begin);
        env.put("MU_END", end);
        env.put("MU_BLOCK", block);
        env.put("MU_STATE", args.string("state"));
        // (?m): searched in the whole file, as Ansible does; else a Python regexp matched line by line, as an ERE
        String where = args.has("insertafter") ? args.string("insertafter") : args.string("insertbefore");
        if (MultilineRegex.isMultiline(where)) {
            env.put("MU_IA", LineInFileModule.orEmpty(args.string("insertafter")));
            env.put("MU_IB", LineInFileModule.orEmpty(args.string("insertbefore")));
            MultilineRegex.export(env, "MU_ML", where);
        } else {
            env.put("MU_IA", LineInFileModule.insertion(args, "insertafter", "EOF"));
            env.put("MU_IB", LineInFileModule.insertion(args, "insertbefore", "BOF"));
        }
        return FileEdit.plan(args, context, "blockinfile.awk", env);
    }
}

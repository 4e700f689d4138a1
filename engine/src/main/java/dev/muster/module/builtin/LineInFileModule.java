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

/**
 * Ensures one line is in a file (or not). {@code regexp}, {@code insertafter} and
 * {@code insertbefore} are POSIX extended regular expressions (awk's), not Python's.
 */
public final class LineInFileModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("path", Type.PATH).alias("path", "dest", "destfile", "name")
            .optional("line", Type.STRING).alias("line", "value")
            .optional("regexp", Type.STRING).alias("regexp", "regex")
            .optional("search_string", Type.STRING)
            .choice("state", "present", "present", "absent")
            .optional("insertafter", Type.STRING)
            .optional("insertbefore", Type.STRING)
            .optional("firstmatch", Type.BOOL, false)
            .optional("create", Type.BOOL, false)
            .optional("backup", Type.BOOL, false)
            .optional("backrefs", Type.BOOL, false)
            .optional("mode", Type.MODE)
            .optional("owner", Type.STRING)
            .optional("group", Type.STRING)
            .optional("validate", Type.STRING)
            .mutuallyExclusive("insertafter", "insertbefore")
            .mutuallyExclusive("regexp", "search_string")
            .build();

    @Override
    public String name() {
        return "lineinfile";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        boolean present = args.string("state").equals("present");
        if (present && !args.has("line")) {
            throw new ArgumentException("state=present needs line");
        }
        if (!present && !args.has("line") && !args.has("regexp") && !args.has("search_string")) {
            throw new ArgumentException("state=absent needs regexp, search_string or line");
        }
        if (args.bool("backrefs")) {
            throw new ArgumentException("backrefs is not supported: awk has no back-references; use template or blockinfile");
        }
        String line = args.has("line") ? args.string("line") : "";
        if (line.contains("\n")) {
            throw new ArgumentException("line must be one line; use blockinfile for several");
        }
        Map<String, String> env = new LinkedHashMap<>();
        // An empty regexp or search_string is given and matches every line (as in Ansible), unlike one not given.
        env.put("MU_HRE", args.has("regexp") ? "1" : "0");
        env.put("MU_RE", orEmpty(args.string("regexp")));
        env.put("MU_HSS", args.has("search_string") ? "1" : "0");
        env.put("MU_SS", orEmpty(args.string("search_string")));
        env.put("MU_LINE", line);
        env.put("MU_STATE", args.string("state"));
        env.put("MU_IA", orEmpty(args.string("insertafter")));
        env.put("MU_IB", orEmpty(args.string("insertbefore")));
        env.put("MU_FM", args.bool("firstmatch") ? "1" : "0");
        return FileEdit.plan(args, context, "lineinfile.awk", env);
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}

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
 * Ensures one line is in a file (or not). {@code regexp}, {@code insertafter} and {@code insertbefore} are Python
 * regexps as in Ansible, rewritten as POSIX EREs for awk ({@link PythonRegex}; what ERE cannot say is refused here).
 * With {@code backrefs} the matching line and its expansion come from GNU grep and sed (back-references), and awk
 * only puts the expanded line in its place.
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

    /** The s command's delimiter for the backrefs expansion: a byte no regexp or line may hold (PythonRegex refuses it). */
    static final char SED_DELIMITER = '\u0001';

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
        boolean backrefs = present && args.bool("backrefs");
        if (args.bool("backrefs") && args.has("search_string")) {
            throw new ArgumentException("backrefs", "parameters are mutually exclusive: backrefs|search_string");
        }
        if (backrefs && !args.has("regexp")) {
            throw new ArgumentException("backrefs", "regexp is required with backrefs=true");
        }
        if (present && !args.has("line")) {
            throw new ArgumentException("line is required with state=present");
        }
        if (!present && !args.has("line") && !args.has("regexp") && !args.has("search_string")) {
            throw new ArgumentException("one of line, search_string, or regexp is required with state=absent");
        }
        // A line with line breaks is written as several lines, as Ansible writes it; like Ansible's, it then never equals
        // one line of the file, so the task adds it again on every run (blockinfile is the module for several lines).
        String line = args.has("line") ? args.string("line") : "";
        Map<String, String> env = new LinkedHashMap<>();
        // An empty regexp or search_string is given and matches every line (as in Ansible), unlike one not given.
        env.put("MU_HRE", args.has("regexp") ? "1" : "0");
        // with backrefs, grep and sed match instead of awk (MU_BRE): back-references in the pattern work there
        env.put("MU_RE", args.has("regexp") && !backrefs ? PythonRegex.translate(args.string("regexp"), PythonRegex.Dialect.AWK, "regexp").ere() : "");
        env.put("MU_BR", backrefs ? "1" : "0");
        if (backrefs) {
            PythonRegex gnu = PythonRegex.translate(args.string("regexp"), PythonRegex.Dialect.GNU, "regexp");
            if (gnu.hasAlternation()) {
                throw new ArgumentException("regexp", "regexp '" + args.string("regexp") + "': an alternation (|) with backrefs"
                        + " cannot be matched the same way on the target (POSIX takes the longest alternative, Python the first);"
                        + " see README, lineinfile");
            }
            env.put("MU_BRE", gnu.ere());
            env.put("MU_BREPL", gnu.sedReplacement(line, SED_DELIMITER));
        }
        env.put("MU_HSS", args.has("search_string") ? "1" : "0");
        env.put("MU_SS", orEmpty(args.string("search_string")));
        env.put("MU_LINE", line);
        env.put("MU_STATE", args.string("state"));
        env.put("MU_IA", insertion(args, "insertafter", "EOF", "BOF"));
        env.put("MU_IB", insertion(args, "insertbefore", "BOF"));
        env.put("MU_FM", args.bool("firstmatch") ? "1" : "0");
        return FileEdit.plan(args, context, "lineinfile.awk", env);
    }

    /** insertafter/insertbefore as awk reads it: its keyword (EOF, BOF) as written, else the regexp as an ERE. */
    static String insertion(Args args, String name, String... keywords) {
        String value = args.string(name);
        if (value == null || value.isEmpty() || java.util.Arrays.asList(keywords).contains(value)) {
            return orEmpty(value);
        }
        return PythonRegex.translate(value, PythonRegex.Dialect.AWK, name).ere();
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}

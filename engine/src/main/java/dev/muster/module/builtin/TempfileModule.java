package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.ArgumentException;
import dev.muster.module.Args;
import dev.muster.module.LocalAction;
import dev.muster.module.Module;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.ScriptReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A new temporary file (0600) or directory (0700) on the target, named PREFIX + random + SUFFIX in {@code path}
 * (default $TMPDIR, else /tmp), as Ansible's tempfile: always changed, skipped in check mode (Ansible's module
 * does not support it); registers {@code path} with the path information.
 */
public final class TempfileModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .choice("state", "file", "file", "directory")
            .optional("path", Type.PATH)
            .optional("prefix", Type.STRING, "ansible.")
            .optional("suffix", Type.STRING, "")
            .build();

    @Override
    public String name() {
        return "tempfile";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String prefix = args.string("prefix");
        String suffix = args.string("suffix");
        if (prefix.contains("/") || suffix.contains("/")) {
            throw new ArgumentException("prefix and suffix are parts of a file name: no '/'");
        }
        if (context.check()) {
            String msg = "remote module (tempfile) does not support check mode";
            return new LocalAction(() -> new TaskResult(TaskResult.Status.SKIPPED, msg, Map.of("msg", msg), null, null));
        }
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        s.line("mu_info=1");
        s.line("mu_p=%s; [ -n \"$mu_p\" ] || mu_p=${TMPDIR:-/tmp}", q(args.string("path")));
        // mktemp's X's must end the template: the suffix goes through --suffix; 8 random characters, as Python's
        s.line("mu_f=$(mktemp %s-p \"$mu_p\" --suffix=%s -- %s) || mu_fail %s", args.string("state").equals("directory") ? "-d " : "",
                q(suffix), q(prefix + "XXXXXXXX"), q("cannot create a temporary " + args.string("state") + " in the directory given"));
        s.line("mu_changed=1; mu_set path \"$mu_f\"; mu_attrs \"$mu_f\" '' '' ''");
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec)));
    }

    private static TaskResult interpret(ScriptReport report) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", report.get("path"));
        data.putAll(PathInfo.of(report));
        return result.withData(data);
    }
}

package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.ArgumentException;
import dev.muster.module.Args;
import dev.muster.module.Module;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.ScriptReport;
import java.util.List;
import java.util.Map;

/**
 * Debian packages. dpkg-query decides first, so a run where everything is in place never starts
 * apt-get. {@code repo} writes one APT source line to /etc/apt/sources.list.d/{@code repo_filename}.list
 * (and refreshes the cache when it changes), which covers the offline repository case
 * ({@code deb [trusted=yes] file:/opt/repo ./}). apt-get waits for the dpkg lock (DPkg::Lock::Timeout).
 */
public final class AptModule implements Module {

    /** Where apt keeps its state (its lists, and the stamp apt's periodic hook writes); another root only in tests. */
    static final String APT_STATE = "/var/lib/apt";

    private static final String APT = "apt-get -y -q -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold";

    private static final ArgSpec SPEC = ArgSpec.builder()
            .optional("name", Type.LIST).alias("name", "pkg", "package")
            .choice("state", "present", "present", "absent", "latest", "installed", "removed")
            .optional("update_cache", Type.BOOL, false)
            .optional("cache_valid_time", Type.INT, 0)
            .optional("deb", Type.PATH)
            .optional("install_recommends", Type.BOOL)
            .optional("purge", Type.BOOL, false)
            .optional("repo", Type.STRING)
            .optional("repo_filename", Type.STRING, "muster")
            .build();

    @Override
    public String name() {
        return "apt";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        List<String> names = args.list("name").stream().map(String::valueOf).toList();
        for (String name : names) {
            // Debian policy: lower case letters, digits, + - . ; optionally :arch and =version.
            if (!name.matches("[a-z0-9][a-z0-9+.-]*(:[a-z0-9-]+)?(=[A-Za-z0-9.+~:-]+)?")) {
                throw new ArgumentException("'" + name + "' is not a Debian package name");
            }
        }
        String state = switch (args.string("state")) {
            case "installed" -> "present";
            case "removed" -> "absent";
            default -> args.string("state");
        };
        if (names.isEmpty() && !args.has("deb") && !args.has("repo") && !args.bool("update_cache") && args.integer("cache_valid_time") == 0) {
            throw new ArgumentException("apt needs name, deb, repo or update_cache");
        }
        String filename = args.string("repo_filename");
        if (!filename.matches("[A-Za-z0-9_.-]+")) {
            throw new ArgumentException("repo_filename may hold only letters, digits, '_', '.' and '-'");
        }
        String apt = APT + (args.has("install_recommends")
                ? (args.bool("install_recommends") ? " --install-recommends" : " --no-install-recommends") : "");
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        s.line("DEBIAN_FRONTEND=noninteractive; export DEBIAN_FRONTEND");
        s.line("command -v dpkg-query >/dev/null || mu_fail 'apt needs a Debian system (dpkg-query not found)'");
        // cache_valid_time alone asks for an update too, as in Ansible
        s.line("mu_update=%s", args.bool("update_cache") || args.integer("cache_valid_time") > 0 ? "1" : "0");
        if (args.has("repo")) {
            String repo = args.string("repo");
            if (repo.contains("\n") || !repo.matches("(deb|deb-src)\\s.*")) {
                throw new ArgumentException("repo must be one sources.list line starting with 'deb ' or 'deb-src '");
            }
            s.line("mu_r=/etc/apt/sources.list.d/%s.list", filename);
            s.line("if [ \"$(cat -- \"$mu_r\" 2>/dev/null)\" != %s ]; then mu_change %s; mu_update=1", q(repo), q("repository " + filename));
            s.line("  if [ \"$mu_check\" != 1 ]; then printf '%%s\\n' %s | mu_write \"$mu_r\" 644 '' ''; fi; fi", q(repo));
        }
        cacheUpdate(s, args.integer("cache_valid_time"), names.isEmpty() && !args.has("deb"));
        s.line("mu_todo=");
        for (String name : names) {
            String pkg = name.replaceFirst("=.*", "");
            String version = name.contains("=") ? name.substring(name.indexOf('=') + 1) : "";
            s.line("mu_st=$(dpkg-query -W -f='${Status}|${Version}' -- %s 2>/dev/null)", q(pkg));
            switch (state) {
                case "present" -> s.line("case $mu_st in 'install ok installed|'*) %s;; *) mu_todo=\"$mu_todo %s\";; esac",
                        version.isEmpty() ? ":" : "[ \"${mu_st#*|}\" = " + q(version) + " ] || mu_todo=\"$mu_todo " + name + "\"", name);
                case "latest" -> {
                    s.line("case $mu_st in 'install ok installed|'*)");
                    s.line("  mu_pol=$(LC_ALL=C apt-cache policy -- %s | awk '/Installed:/{i=$2} /Candidate:/{c=$2} END{print (i==c)?\"same\":\"older\"}')", q(pkg));
                    s.line("  [ \"$mu_pol\" = same ] || mu_todo=\"$mu_todo %s\";;", pkg);
                    s.line("  *) mu_todo=\"$mu_todo %s\";; esac", pkg);
                }
                default -> s.line("case $mu_st in 'install ok installed|'*%s) mu_todo=\"$mu_todo %s\";; esac",
                        args.bool("purge") ? "|'deinstall ok config-files|'*" : "", pkg);
            }
        }
        if (!state.equals("absent")) {
            // As Ansible's apt, a package apt knows nothing of fails the task, in check mode too: reporting it
            // "installed" there presented as a success what the real run cannot do. (showpkg knows virtual packages.)
            s.line("for mu_p in $mu_todo; do LC_ALL=C apt-cache showpkg \"${mu_p%%%%=*}\" 2>/dev/null | grep -q '^Package:' "
                    + "|| mu_fail \"No package matching '${mu_p%%%%=*}' is available\"; done");
        }
        s.line("if [ -n \"$mu_todo\" ]; then");
        String verb = state.equals("absent") ? (args.bool("purge") ? "purge" : "remove") : "install";
        s.line("  mu_change \"%s$mu_todo\"", state.equals("absent") ? "removed" : "installed");
        // The names were checked against Debian's package name syntax: the unquoted list splits into words safely.
        s.line("  if [ \"$mu_check\" != 1 ]; then set -f; %s %s $mu_todo || mu_fail \"apt-get %s failed\"; set +f; fi; fi", apt, verb, verb);
        if (args.has("deb")) {
            String deb = args.string("deb");
            String debPath = deb.contains("/") && !deb.startsWith("-") ? deb : "./" + deb;
            s.line("mu_deb=%s", q(debPath));
            s.line("[ -f \"$mu_deb\" ] || mu_fail \"deb file $mu_deb not found\"");
            s.line("mu_p=$(dpkg-deb -f \"$mu_deb\" Package) && mu_v=$(dpkg-deb -f \"$mu_deb\" Version) || mu_fail \"$mu_deb is not a .deb\"");
            s.line("if [ \"$(dpkg-query -W -f='${Status}|${Version}' -- \"$mu_p\" 2>/dev/null)\" != \"install ok installed|$mu_v\" ]; then");
            s.line("  mu_change \"installed $mu_p $mu_v\"");
            s.line("  if [ \"$mu_check\" != 1 ]; then %s install \"$mu_deb\" || mu_fail \"installing $mu_deb failed\"; fi; fi", apt);
        }
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec)));
    }

    /**
     * The cache's age is judged as Ansible judges it: the mtime of apt's update-success-stamp, else of the lists
     * directory (apt renames fresh lists into it), else never updated; the cache counts as updated when that time
     * moved (always in check mode). A task that only updates the cache is changed exactly when it was updated.
     */
    private static void cacheUpdate(ModuleScript s, int validSeconds, boolean cacheOnly) {
        s.line("mu_cache_time() { if [ -e %s ]; then stat -c %%Y -- %s; elif [ -e %s ]; then stat -c %%Y -- %s; else echo 0; fi; }",
                q(APT_STATE + "/periodic/update-success-stamp"), q(APT_STATE + "/periodic/update-success-stamp"),
                q(APT_STATE + "/lists"), q(APT_STATE + "/lists"));
        s.line("if [ \"$mu_update\" = 1 ]; then");
        s.line("  mu_ct=$(mu_cache_time)");
        if (validSeconds > 0) {
            s.line("  if [ $((mu_ct + %d)) -ge \"$(date +%%s)\" ]; then mu_update=0; fi", validSeconds);
        }
        s.line("  if [ \"$mu_update\" = 1 ]; then");
        s.line("    if [ \"$mu_check\" != 1 ]; then apt-get -q -o DPkg::Lock::Timeout=600 update >&2 || mu_fail 'Failed to update apt cache: apt-get update failed'; fi");
        s.line("    mu_ct2=$(mu_cache_time)");
        s.line("    if [ \"$mu_check\" = 1 ] || [ \"$mu_ct2\" != \"$mu_ct\" ]; then mu_set cache_updated 1;%s fi", cacheOnly ? " mu_change 'cache updated';" : "");
        s.line("    mu_ct=$mu_ct2; fi");
        s.line("  mu_set cache_update_time \"$mu_ct\"; fi");
    }

    private static TaskResult interpret(ScriptReport report) {
        TaskResult result = report.toResult("");
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("cache_updated", report.flag("cache_updated"));
        if (report.get("cache_update_time") != null) {
            data.put("cache_update_time", Long.parseLong(report.get("cache_update_time")));
        }
        data.put("stdout", ScriptReport.stripNewline(report.output()));
        data.put("stdout_lines", ScriptReport.lines(ScriptReport.stripNewline(report.output())));
        data.put("stderr", ScriptReport.stripNewline(report.exec().stderr()));
        return result.withData(data);
    }
}

package dev.muster.module.builtin;

import dev.muster.module.script.ScriptReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ansible's path information for results that name a file (its {@code add_path_info}: uid, gid, owner,
 * group, mode, state, size), read from the {@code pinfo} field that the prelude's {@code mu_attrs} reports
 * when the script sets {@code mu_info=1}; and the {@code diff} dictionary the file module returns.
 */
final class PathInfo {

    private PathInfo() {
    }

    /** The path information, in Ansible's order; empty when the path did not exist (Ansible adds none then). */
    static Map<String, Object> of(ScriptReport report) {
        Map<String, Object> info = new LinkedHashMap<>();
        String raw = report.get("pinfo");
        if (raw == null) {
            return info;
        }
        // %a/%u/%U/%g/%G/%f/%h/%s of an lstat
        String[] f = raw.split("/", -1);
        int type = Integer.parseInt(f[5], 16) & 0170000;
        info.put("uid", Long.parseLong(f[1]));
        info.put("gid", Long.parseLong(f[3]));
        info.put("owner", f[2]);
        info.put("group", f[4]);
        info.put("mode", octal(f[0]));
        info.put("state", type == 0120000 ? "link" : type == 0040000 ? "directory" : Long.parseLong(f[6]) > 1 ? "hard" : "file");
        info.put("size", Long.parseLong(f[7]));
        return info;
    }

    /** A mode as Ansible prints it ({@code '0%03o'}): "0644", "01777". */
    static String octal(String mode) {
        return String.format("0%03o", Integer.parseInt(mode, 8));
    }

    /**
     * The file module's {@code diff}: the path before and after, the state when it changed, and the mode, owner
     * (uid) and group (gid) that changed.
     */
    static Map<String, Object> diff(ScriptReport report, String path, String previous, String state, String src) {
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        before.put("path", path);
        after.put("path", path);
        if (previous != null && !previous.equals(state)) {
            before.put("state", previous);
            after.put("state", state);
            if (state.equals("absent") && previous.equals("directory")) {
                Map<String, Object> content = new LinkedHashMap<>();
                content.put("directories", ScriptReport.lines(report.get("dirs")));
                content.put("files", ScriptReport.lines(report.get("files")));
                before.put("path_content", content);
            }
        }
        if (report.get("lsrc_before") != null) {
            // a link pointed elsewhere: its old and new target (Ansible's diff of state=link)
            before.put("src", report.get("lsrc_before"));
            after.put("src", src);
        }
        Map<String, Object> info = of(report);
        if (report.get("uid_before") != null) {
            before.put("owner", Long.parseLong(report.get("uid_before")));
            after.put("owner", info.get("uid"));
        }
        if (report.get("gid_before") != null) {
            before.put("group", Long.parseLong(report.get("gid_before")));
            after.put("group", info.get("gid"));
        }
        if (report.get("mode_before") != null) {
            before.put("mode", octal(report.get("mode_before")));
            after.put("mode", octal(report.get("mode_after")));
        }
        for (String time : new String[] {"mtime", "atime"}) {
            // a time that was set: before and after as epoch seconds, as Ansible's update_timestamp_for_file gives them
            if (report.get(time + "_before") != null && report.get(time + "_after") != null) {
                before.put(time, Double.parseDouble(report.get(time + "_before")));
                after.put(time, Double.parseDouble(report.get(time + "_after")));
            }
        }
        if (report.get("attr_before") != null) {
            before.put("attributes", report.get("attr_before"));
            after.put("attributes", report.get("attr_after"));
        }
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("before", before);
        diff.put("after", after);
        return diff;
    }
}

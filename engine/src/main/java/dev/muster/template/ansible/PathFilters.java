package dev.muster.template.ansible;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Python's posixpath on the controller: basename, dirname, expanduser, realpath, relpath, splitext, path_join. */
final class PathFilters {
    private PathFilters() {
    }

    static List<AnsibleFilter> all() {
        return List.of(
                AnsibleFilter.of("basename", "", (v, a) -> {
                    String p = Py.str(v);
                    return p.substring(p.lastIndexOf('/') + 1);
                }),
                AnsibleFilter.of("dirname", "", (v, a) -> dirname(Py.str(v))),
                AnsibleFilter.of("expanduser", "", (v, a) -> expanduser(Py.str(v))),
                AnsibleFilter.of("realpath", "", (v, a) -> realpath(Py.str(v))),
                AnsibleFilter.of("relpath", "start", (v, a) -> relpath(Py.str(v), a.has("start") ? Py.str(a.get("start", null)) : null, a)),
                AnsibleFilter.of("splitext", "", (v, a) -> splitext(Py.str(v))),
                AnsibleFilter.of("path_join", "", (v, a) -> {
                    if (v instanceof CharSequence s) {
                        return s.toString();
                    }
                    if (!(v instanceof List<?> parts)) {
                        throw new FilterError(a.name(), "|path_join expects string or sequence, got " + Py.typeName(v) + " instead.");
                    }
                    String out = "";
                    for (Object part : parts) {
                        String p = Py.str(part);
                        out = p.startsWith("/") || out.isEmpty() ? p : out.endsWith("/") ? out + p : out + "/" + p;
                    }
                    return out;
                }));
    }

    /** posixpath.dirname: the head without trailing slashes, unless it is all slashes. */
    static String dirname(String p) {
        String head = p.substring(0, p.lastIndexOf('/') + 1);
        if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
            head = head.replaceAll("/+$", "");
        }
        return head;
    }

    private static String expanduser(String p) {
        if (!p.startsWith("~")) {
            return p;
        }
        int slash = p.indexOf('/');
        String user = p.substring(1, slash < 0 ? p.length() : slash);
        if (!user.isEmpty()) {
            return p; // ~user needs the password database; Muster leaves it as Python does when the user is unknown
        }
        String home = System.getenv("HOME");
        if (home == null) {
            home = System.getProperty("user.home");
        }
        home = home.equals("/") ? home : home.replaceAll("/+$", "");
        String rest = slash < 0 ? "" : p.substring(slash);
        return (home + rest).isEmpty() ? "/" : home + rest;
    }

    /** posixpath.normpath. */
    static String normpath(String p) {
        if (p.isEmpty()) {
            return ".";
        }
        int initial = p.startsWith("//") && !p.startsWith("///") ? 2 : p.startsWith("/") ? 1 : 0;
        List<String> parts = new ArrayList<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (!part.equals("..") || (initial == 0 && parts.isEmpty()) || (!parts.isEmpty() && parts.get(parts.size() - 1).equals(".."))) {
                parts.add(part);
            } else if (!parts.isEmpty()) {
                parts.remove(parts.size() - 1);
            }
        }
        String out = "/".repeat(initial) + String.join("/", parts);
        return out.isEmpty() ? "." : out;
    }

    private static String abspath(String p) {
        return normpath(p.startsWith("/") ? p : System.getProperty("user.dir") + "/" + p);
    }

    /** os.path.realpath: symbolic links resolved where the path exists, the rest normalized. */
    private static String realpath(String p) {
        Path path = Path.of(abspath(p));
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path.toString();
        }
        try {
            Path real = existing.toRealPath();
            return normpath(real.resolve(existing.relativize(path)).toString());
        } catch (IOException e) {
            return path.toString();
        }
    }

    private static String relpath(String p, String start, Args a) {
        if (p.isEmpty()) {
            throw new FilterError(a.name(), "no path specified");
        }
        String[] target = abspath(p).split("/");
        String[] from = abspath(start == null ? "." : start).split("/");
        int common = 0;
        while (common < Math.min(target.length, from.length) && target[common].equals(from[common])) {
            common++;
        }
        List<String> parts = new ArrayList<>();
        for (int i = common; i < from.length; i++) {
            if (!from[i].isEmpty()) {
                parts.add("..");
            }
        }
        for (int i = common; i < target.length; i++) {
            if (!target[i].isEmpty()) {
                parts.add(target[i]);
            }
        }
        return parts.isEmpty() ? "." : String.join("/", parts);
    }

    /** posixpath.splitext: a leading dot of the file name is not an extension. */
    private static List<Object> splitext(String p) {
        int slash = p.lastIndexOf('/');
        int dot = p.lastIndexOf('.');
        if (dot > slash) {
            int start = slash + 1;
            while (start < dot && p.charAt(start) == '.') {
                start++;
            }
            if (start < dot) {
                return new PyTuple(List.of(p.substring(0, dot), p.substring(dot)));
            }
        }
        return new PyTuple(List.of(p, ""));
    }
}

package dev.muster.template.ansible;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** Ansible's regex filters with Python's {@code re} semantics (see {@link PyRegex}). */
final class RegexFilters {
    private RegexFilters() {
    }

    private static final String PYTHON_SPECIAL = "()[]{}?*+-|^$\\.&~# \t\n\r\u000b\f";

    static List<AnsibleFilter> all() {
        return List.of(
                AnsibleFilter.of("regex_replace", "pattern replacement ignorecase multiline", (v, a) ->
                        PyRegex.compile(a.name(), a.string("pattern", ""), a.bool("ignorecase", false), a.bool("multiline", false))
                                .sub(a.name(), a.string("replacement", ""), text(v))),
                AnsibleFilter.of("regex_search", "regex * **", RegexFilters::search),
                AnsibleFilter.of("regex_findall", "regex multiline ignorecase", RegexFilters::findall),
                AnsibleFilter.of("regex_escape", "re_type", RegexFilters::escape));
    }

    /** to_text(value, nonstring='simplerepr'): None is "None", other values their str(). */
    private static String text(Object v) {
        return Py.str(v);
    }

    private static Object search(Object v, Args a) {
        List<String> groups = new ArrayList<>();
        for (Object arg : a.rest()) {
            String ref = Py.str(arg);
            java.util.regex.Matcher g = java.util.regex.Pattern.compile("\\\\g<(\\S+)>").matcher(ref);
            java.util.regex.Matcher n = java.util.regex.Pattern.compile("\\\\(\\d+)").matcher(ref);
            if (ref.startsWith("\\g") && g.lookingAt()) {
                groups.add(g.group(1));
            } else if (ref.startsWith("\\") && n.lookingAt()) {
                groups.add(n.group(1));
            } else {
                throw new FilterError(a.name(), "Unknown argument");
            }
        }
        for (String key : a.extra().keySet()) {
            if (!key.equals("ignorecase") && !key.equals("multiline")) {
                throw new FilterError(a.name(), "unknown keyword argument '" + key + "'");
            }
        }
        PyRegex re = PyRegex.compile(a.name(), a.string("regex", ""), Py.truthy(a.extra().get("ignorecase")),
                Py.truthy(a.extra().get("multiline")));
        Matcher m = re.pattern().matcher(text(v));
        if (!m.find()) {
            return null;
        }
        if (groups.isEmpty()) {
            return m.group();
        }
        List<Object> items = new ArrayList<>();
        for (String ref : groups) {
            try {
                items.add(re.group(m, ref));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new FilterError(a.name(), "no such group " + ref);
            }
        }
        return items;
    }

    /** re.findall: the whole matches, or the one group's, or a list of every group's per match ('' when unmatched). */
    private static Object findall(Object v, Args a) {
        Matcher m = PyRegex.compile(a.name(), a.string("regex", ""), a.bool("ignorecase", false), a.bool("multiline", false))
                .pattern().matcher(text(v));
        List<Object> found = new ArrayList<>();
        while (m.find()) {
            if (m.groupCount() == 0) {
                found.add(m.group());
            } else if (m.groupCount() == 1) {
                found.add(m.group(1) == null ? "" : m.group(1));
            } else {
                List<Object> groups = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) {
                    groups.add(m.group(i) == null ? "" : m.group(i));
                }
                found.add(new PyTuple(groups));
            }
        }
        return found;
    }

    private static Object escape(Object v, Args a) {
        String type = a.string("re_type", "python");
        String s = text(v);
        String special = switch (type) {
            case "python" -> PYTHON_SPECIAL;
            case "posix_basic" -> "].[^$*\\";
            case "posix_extended" -> throw new FilterError(a.name(), "Regex type (" + type + ") not yet implemented");
            default -> throw new FilterError(a.name(), "Invalid regex type (" + type + ")");
        };
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (special.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}

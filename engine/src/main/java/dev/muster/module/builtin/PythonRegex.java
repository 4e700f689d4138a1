package dev.muster.module.builtin;

import dev.muster.module.ArgumentException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Python {@code re} pattern (what Ansible's lineinfile and blockinfile are given) rewritten as a POSIX extended
 * regular expression for the tools on the target: mawk (no interval expressions in Debian 12's 1.3.4-20200120, no
 * back-references) or GNU grep/sed (intervals, {@code \1}..{@code \9}). Ansible searches each line with its newline
 * ({@code readlines()}), so {@code \s}, {@code [^x]} or {@code \W} may take it: the AWK form is matched against
 * the line and a newline, {@code .} written {@code [^\n]} and {@code $} as {@code \n?$} (before or after it). The rewrite keeps what a line matches;
 * what ERE cannot say the same way (lazy quantifiers, lookarounds, {@code \b}, inline flags, a {@code [[:x:]]}
 * that Python reads as a set of characters, ...) is refused at plan time, naming the construct: a regexp that
 * silently matched other lines would edit another line than Ansible while reporting success.
 *
 * <p>Non-capturing groups become capturing ones (ERE has no others); {@link #ereGroup} maps Python's group numbers
 * and names to the ERE's, so back-references and backrefs templates still name the right text.
 */
final class PythonRegex {

    /** Where the ERE runs. */
    enum Dialect {
        /** mawk: intervals expanded into copies of their atom, no back-reference in the pattern */
        AWK,
        /** GNU grep -E and sed -E: intervals and back-references kept */
        GNU
    }

    /** Copies of one atom an AWK interval may expand to: past it the pattern is refused, not made huge. */
    private static final int MAX_COPIES = 32;

    private final String src;
    private final Dialect dialect;
    private final String argument;
    private int pos;
    /** ERE groups opened so far (every group, since all are capturing in ERE). */
    private int ereGroups;
    /** Python's capturing groups opened so far. */
    private int pyGroups;
    private final List<Integer> pyToEre = new ArrayList<>();
    private final Map<String, Integer> names = new HashMap<>();
    private boolean alternation;

    private PythonRegex(String src, Dialect dialect, String argument) {
        this.src = src;
        this.dialect = dialect;
        this.argument = argument;
        pyToEre.add(0);
    }

    /** The ERE for {@code python}, or an {@link ArgumentException} naming {@code argument} and the construct. */
    static PythonRegex translate(String python, Dialect dialect, String argument) {
        PythonRegex r = new PythonRegex(python, dialect, argument);
        r.ere = r.alternation();
        if (r.pos < python.length()) {
            throw r.refuse("unbalanced ')'");
        }
        return r;
    }

    private String ere;

    String ere() {
        return ere;
    }

    /** Whether the pattern has a {@code |} anywhere: POSIX takes the longest alternative, Python the first. */
    boolean hasAlternation() {
        return alternation;
    }

    /** Python's capturing groups. */
    int groups() {
        return pyGroups;
    }

    /** The ERE group holding Python's group {@code n} (0: the whole match). */
    int ereGroup(int n) {
        return pyToEre.get(n);
    }

    /** The Python group number of a named group, or -1. */
    int named(String name) {
        return names.getOrDefault(name, -1);
    }

    private ArgumentException refuse(String what) {
        return new ArgumentException(argument, argument + " '" + src + "': " + what
                + " cannot be matched the same way on the target (POSIX ERE); see README, lineinfile");
    }

    private boolean more() {
        return pos < src.length();
    }

    private char peek() {
        return src.charAt(pos);
    }

    private String alternation() {
        StringBuilder out = new StringBuilder(sequence());
        while (more() && peek() == '|') {
            pos++;
            alternation = true;
            out.append('|').append(sequence());
        }
        return out.toString();
    }

    private String sequence() {
        StringBuilder out = new StringBuilder();
        while (more() && peek() != '|' && peek() != ')') {
            int start = pos;
            String atom = atom();
            if (atom == null) {
                continue; // a comment group
            }
            boolean anchor = atom.equals("^") || atom.equals("$") || atom.equals("\\n?$");
            if (more() && "*+?{".indexOf(peek()) >= 0) {
                if (anchor) {
                    throw refuse("a quantifier on an anchor");
                }
                out.append(quantified(atom, start));
            } else {
                out.append(atom);
            }
        }
        return out.toString();
    }

    /** The atom with the quantifier at pos applied (pos moved past it). */
    private String quantified(String atom, int atomStart) {
        char q = peek();
        int min;
        int max; // -1: unbounded
        if (q == '{') {
            int[] bounds = interval();
            if (bounds == null) {
                return atom; // a '{' that is no quantifier is a literal, read by the next atom
            }
            min = bounds[0];
            max = bounds[1];
        } else {
            pos++;
            min = q == '+' ? 1 : 0;
            max = q == '?' ? 1 : -1;
        }
        if (more() && peek() == '?') {
            throw refuse("a lazy quantifier (" + src.substring(atomStart, pos + 1) + ")");
        }
        if (more() && peek() == '+') {
            throw refuse("a possessive quantifier");
        }
        if (more() && "*{".indexOf(peek()) >= 0 && (peek() != '{' || intervalAhead())) {
            throw refuse("multiple repeat");
        }
        if (q != '{') {
            return atom + q;
        }
        if (dialect == Dialect.GNU) {
            return atom + "{" + min + (max == min ? "" : "," + (max < 0 ? "" : max)) + "}";
        }
        // mawk reads {m,n} as literal text: the same language written as copies of the atom
        int copies = Math.max(min, max);
        if (copies > MAX_COPIES) {
            throw refuse("a repeat of more than " + MAX_COPIES);
        }
        StringBuilder out = new StringBuilder();
        out.append(atom.repeat(min));
        if (max < 0) {
            out.append(atom).append('*');
        } else {
            out.append((atom + "?").repeat(max - min));
        }
        return out.toString();
    }

    private boolean intervalAhead() {
        int save = pos;
        int[] b = interval();
        pos = save;
        return b != null;
    }

    /** {m}, {m,}, {,n}, {m,n} at pos as Python reads them, pos moved past; null (pos kept) when it is a literal '{'. */
    private int[] interval() {
        int close = src.indexOf('}', pos);
        if (close < 0) {
            return null;
        }
        String body = src.substring(pos + 1, close);
        if (body.isEmpty() || !body.matches("\\d*(,\\d*)?")) {
            return null;
        }
        int comma = body.indexOf(',');
        int min;
        int max;
        try {
            if (comma < 0) {
                min = Integer.parseInt(body);
                max = min;
            } else {
                String lo = body.substring(0, comma);
                String hi = body.substring(comma + 1);
                min = lo.isEmpty() ? 0 : Integer.parseInt(lo);
                max = hi.isEmpty() ? -1 : Integer.parseInt(hi);
            }
        } catch (NumberFormatException e) {
            throw refuse("a repeat count too large");
        }
        if (max >= 0 && max < min) {
            throw refuse("min repeat greater than max repeat");
        }
        pos = close + 1;
        return new int[] {min, max};
    }

    /** One atom as ERE, pos moved past it; null for a comment group. */
    private String atom() {
        char c = src.charAt(pos++);
        switch (c) {
            case '(':
                return group();
            case '[':
                return set();
            case '.':
                // AWK: matched against the line with its newline (as Ansible searches it), which . does not match
                return dialect == Dialect.AWK ? "[^\\n]" : ".";
            case '$':
                if (dialect == Dialect.GNU) {
                    return "$";
                }
                // Python's $ matches before the line's newline or after it: the newline is taken, so nothing may follow
                if (more() && peek() != ')' && peek() != '|') {
                    throw refuse("a $ with more pattern after it");
                }
                return "\\n?$";
            case '^':
                return "^";
            case '\\':
                return escape();
            case '*':
            case '+':
            case '?':
                throw refuse("nothing to repeat before '" + c + "'");
            case '{':
                pos--;
                if (intervalAhead()) {
                    throw refuse("nothing to repeat before '{'");
                }
                pos++;
                return literal('{');
            case '\n':
                throw refuse("a newline: lines are matched without theirs");
            case '\u0001':
                throw refuse("a control character \\x01");
            default:
                return literal(c);
        }
    }

    private String group() {
        String name = null;
        boolean capturing = true;
        if (src.startsWith("?", pos)) {
            if (src.startsWith("?:", pos)) {
                pos += 2;
                capturing = false;
            } else if (src.startsWith("?P<", pos)) {
                int close = src.indexOf('>', pos);
                if (close < 0) {
                    throw refuse("an unterminated group name");
                }
                name = src.substring(pos + 3, close);
                pos = close + 1;
            } else if (src.startsWith("?P=", pos)) {
                int close = src.indexOf(')', pos);
                if (close < 0) {
                    throw refuse("an unterminated group reference");
                }
                String ref = src.substring(pos + 3, close);
                pos = close + 1;
                if (!names.containsKey(ref)) {
                    throw refuse("unknown group name '" + ref + "'");
                }
                return backReference(names.get(ref));
            } else if (src.startsWith("?#", pos)) {
                int close = src.indexOf(')', pos);
                if (close < 0) {
                    throw refuse("an unterminated comment");
                }
                pos = close + 1;
                return null;
            } else if (src.startsWith("?=", pos) || src.startsWith("?!", pos) || src.startsWith("?<", pos)) {
                throw refuse("a lookaround (" + src.substring(pos - 1, Math.min(src.length(), pos + 3)) + ")");
            } else {
                throw refuse("an inline flag or extension (" + src.substring(pos - 1, Math.min(src.length(), pos + 3)) + ")");
            }
        }
        int ereNumber = ++ereGroups;
        if (capturing) {
            pyGroups++;
            pyToEre.add(ereNumber);
            if (name != null) {
                names.put(name, pyGroups);
            }
        }
        String inner = alternation();
        if (!more() || peek() != ')') {
            throw refuse("missing ), unterminated subpattern");
        }
        pos++;
        if (inner.isEmpty()) {
            throw refuse("an empty group");
        }
        return "(" + inner + ")";
    }

    private String backReference(int pyGroup) {
        if (dialect == Dialect.AWK) {
            throw refuse("a back-reference in the pattern");
        }
        int n = pyToEre.get(pyGroup);
        if (n > 9) {
            throw refuse("a back-reference to a group past the ninth");
        }
        return "\\" + n;
    }

    /** An escape outside a set (pos after the backslash). */
    private String escape() {
        if (!more()) {
            throw refuse("a trailing backslash");
        }
        char c = src.charAt(pos++);
        switch (c) {
            case 'd':
                return "[0-9]";
            case 'D':
                return "[^0-9]";
            case 's':
                return "[[:space:]]";
            case 'S':
                return "[^[:space:]]";
            case 'w':
                return "[[:alnum:]_]";
            case 'W':
                return "[^[:alnum:]_]";
            case 'A':
                return "^";
            case 'Z':
                // Ansible searches each line with its newline: \Z (the very end, after it) is not $ (before it)
                throw refuse("\\Z (Ansible searches each line with its newline, so it matches only a last line without one)");
            case 'b':
            case 'B':
                throw refuse("a word boundary (\\" + c + ")");
            default:
                break;
        }
        if (c >= '1' && c <= '9') {
            int n = c - '0';
            if (more() && Character.isDigit(peek())) {
                n = n * 10 + (src.charAt(pos++) - '0');
            }
            if (n > pyGroups) {
                throw refuse("invalid group reference " + n);
            }
            return backReference(n);
        }
        return literal(escapedChar(c));
    }

    /** The character an escape other than a class stands for (pos after it), refusing what Python refuses or we cannot. */
    private char escapedChar(char c) {
        switch (c) {
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case 'f':
                return '\f';
            case 'v':
                return '\u000b';
            case 'a':
                return '\u0007';
            case 'n':
                throw refuse("a newline (\\n): lines are matched without theirs");
            case 'x':
                if (pos + 2 <= src.length() && src.substring(pos, pos + 2).matches("[0-9a-fA-F]{2}")) {
                    char x = (char) Integer.parseInt(src.substring(pos, pos + 2), 16);
                    pos += 2;
                    if (x == 0 || x == '\n' || x >= 0x80) {
                        throw refuse("\\x" + src.substring(pos - 2, pos));
                    }
                    return x;
                }
                throw refuse("an incomplete escape \\x");
            case '0':
                throw refuse("an octal escape");
            default:
                break;
        }
        if (c < 0x80 && Character.isLetterOrDigit(c)) {
            throw refuse("bad escape \\" + c);
        }
        return c;
    }

    /** A character matched as itself. */
    private static String literal(char c) {
        return switch (c) {
            case '.', '[', '(', ')', '*', '+', '?', '|', '^', '$', '\\' -> "\\" + c;
            case '{', '}', ']' -> "[" + c + "]";
            default -> String.valueOf(c);
        };
    }

    /** A set [...] (pos after the '['), written with ']' first, '-' last and '^' never first. */
    private String set() {
        boolean negated = false;
        if (more() && peek() == '^') {
            negated = true;
            pos++;
        }
        StringBuilder items = new StringBuilder();
        boolean bracket = false;
        boolean dash = false;
        boolean caret = false;
        boolean first = true;
        while (true) {
            if (!more()) {
                throw refuse("unterminated character set");
            }
            char c = src.charAt(pos++);
            if (c == ']' && !first) {
                break;
            }
            first = false;
            String cls = null;
            char lo;
            if (c == '\\') {
                if (!more()) {
                    throw refuse("unterminated character set");
                }
                char e = src.charAt(pos++);
                switch (e) {
                    case 'd' -> cls = "0-9";
                    case 's' -> cls = "[:space:]";
                    case 'w' -> cls = "[:alnum:]_";
                    case 'D', 'S', 'W' -> throw refuse("a negated class (\\" + e + ") inside [...]");
                    case '\\' -> throw refuse("a backslash inside [...]");
                    default -> {
                    }
                }
                if (cls != null) {
                    items.append(cls);
                    continue;
                }
                lo = e == 'b' ? '\b' : escapedChar(e);
            } else if (c == '[') {
                throw refuse("a '[' inside [...] (Python reads [[:space:]] as a set of characters, not a POSIX class: write \\s)");
            } else {
                lo = c;
            }
            if (pos + 1 < src.length() && peek() == '-' && src.charAt(pos + 1) != ']') {
                pos++;
                char hi = src.charAt(pos++);
                if (hi == '\\') {
                    if (!more()) {
                        throw refuse("unterminated character set");
                    }
                    char e = src.charAt(pos++);
                    if ("dswDSW\\".indexOf(e) >= 0) {
                        throw refuse("a bad character range");
                    }
                    hi = escapedChar(e);
                } else if (hi == '[') {
                    throw refuse("a '[' inside [...]");
                }
                if (hi < lo) {
                    throw refuse("a bad character range " + lo + "-" + hi);
                }
                if (lo == ']' || lo == '^' || lo == '-' || hi == ']' || hi == '-' || hi == '^') {
                    throw refuse("a range starting or ending with ']', '^' or '-'");
                }
                items.append(lo).append('-').append(hi);
                continue;
            }
            switch (lo) {
                case ']' -> bracket = true;
                case '-' -> dash = true;
                case '^' -> caret = true;
                default -> items.append(lo);
            }
        }
        if (!negated && !bracket && !dash && items.isEmpty() && caret) {
            return "\\^";
        }
        StringBuilder out = new StringBuilder("[");
        if (negated) {
            out.append('^');
        }
        if (bracket) {
            out.append(']');
        }
        out.append(items);
        if (caret) {
            if (items.isEmpty() && !bracket) {
                // [^^] or [-^]: ^ must not come first
                if (!dash) {
                    out.append('^');
                } else {
                    out.append("-^");
                    dash = false;
                }
            } else {
                out.append('^');
            }
        }
        if (dash) {
            out.append('-');
        }
        return out.append(']').toString();
    }

    /**
     * Python's {@code match.expand(template)} (lineinfile's {@code line} with backrefs) as the replacement of GNU
     * sed's {@code s} command for this pattern: {@code \N}, {@code \g<N>}, {@code \g<name>} name the ERE's groups,
     * {@code &} and backslashes are literal. {@code delimiter} is the s command's.
     */
    String sedReplacement(String template, char delimiter) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == delimiter || c == '\n') {
                throw new ArgumentException("line", "line: a " + (c == '\n' ? "newline" : "control character") + " in a backrefs line");
            }
            if (c != '\\') {
                out.append(c == '&' ? "\\&" : String.valueOf(c));
                continue;
            }
            if (i + 1 >= template.length()) {
                throw new ArgumentException("line", "line: bad escape (end of pattern) at the end of a backrefs line");
            }
            char e = template.charAt(++i);
            int group = -1;
            if (e == 'g') {
                int close = template.indexOf('>', i);
                if (i + 1 >= template.length() || template.charAt(i + 1) != '<' || close < 0) {
                    throw new ArgumentException("line", "line: missing group name after \\g");
                }
                String ref = template.substring(i + 2, close);
                i = close;
                if (ref.matches("\\d+")) {
                    group = Integer.parseInt(ref);
                } else {
                    group = named(ref);
                    if (group < 0) {
                        throw new ArgumentException("line", "line: unknown group name '" + ref + "'");
                    }
                }
            } else if (e >= '1' && e <= '9') {
                group = e - '0';
                if (i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
                    group = group * 10 + (template.charAt(++i) - '0');
                }
            } else if (e == '\\') {
                out.append("\\\\");
                continue;
            } else if (e == 't') {
                out.append('\t');
                continue;
            } else if (e == 'n' || e == '0') {
                throw new ArgumentException("line", "line: \\" + e + " in a backrefs line would write more than one line");
            } else if (e < 0x80 && Character.isLetterOrDigit(e)) {
                throw new ArgumentException("line", "line: bad escape \\" + e);
            } else {
                out.append("\\\\").append(e == '&' ? "\\&" : String.valueOf(e));
                continue;
            }
            if (group > pyGroups) {
                throw new ArgumentException("line", "line: invalid group reference " + group + " (the regexp has " + pyGroups + ")");
            }
            int n = ereGroup(group);
            if (n > 9) {
                throw new ArgumentException("line", "line: a reference to a group past the ninth");
            }
            out.append(n == 0 ? "&" : "\\" + n);
        }
        return out.toString();
    }
}

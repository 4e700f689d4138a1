package dev.muster.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the few Ansible (Jinja) forms of a condition into JEXL before it is parsed:
 * {@code and/or/not}, {@code in}/{@code not in}, {@code x is [not] defined|changed|...},
 * {@code x | filter(args)}, {@code True/False/None}. Everything else is already JEXL.
 * Each output character remembers the source column it came from, so JEXL's errors point into
 * the operator's text.
 */
final class ExpressionTranslator {

    /** Words JEXL reserves that are ordinary variable names in Ansible; renamed, and resolved by VarsContext. */
    static final java.util.Set<String> JEXL_WORDS = java.util.Set.of("eq", "ne", "lt", "gt", "le", "ge", "div", "mod", "new", "var",
            "do", "while", "break", "continue", "function", "return", "empty", "size", "if", "else", "for", "let", "const", "NaN",
            "import", "pragma", "switch", "case", "default", "try", "catch", "finally", "throw", "yield", "instanceof", "typeof");
    static final String RENAMED = "__muster_";

    enum Kind { STRING, NUMBER, IDENT, OP, OPEN, CLOSE, WS }

    record Tok(Kind kind, String text, int at) {
    }

    /** What a name in the source is used as, for the plan-time check ({@link ExpressionCheck}). */
    enum UseKind { FILTER, TEST, FUNCTION, METHOD, KEYWORD }

    /** A filter, test, function or method name, or a Jinja keyword, and its 0-based offset in the source. */
    record Use(UseKind kind, String name, int at) {
    }

    /** The JEXL text and, for each of its characters, the 0-based offset in the source; the names the source uses. */
    record Translated(String jexl, int[] sourceOffsets, List<Use> uses) {

        /** The 1-based source column of a 1-based JEXL column. */
        int sourceColumn(int jexlColumn) {
            if (sourceOffsets.length == 0) {
                return 1;
            }
            int i = Math.max(0, Math.min(sourceOffsets.length - 1, jexlColumn - 1));
            return sourceOffsets[i] + 1;
        }
    }

    private final String source;
    private final List<Tok> in;
    private final List<Tok> out = new ArrayList<>();
    private int pos;
    /** Paren depth, and the depths at which a Jinja "not" still waits for its closing parenthesis. */
    private int depth;
    private final java.util.ArrayDeque<Integer> pendingNot = new java.util.ArrayDeque<>();
    private final List<Use> uses = new ArrayList<>();

    private ExpressionTranslator(String source) {
        this.source = source;
        this.in = tokenize(source);
    }

    static Translated translate(String source) {
        return new ExpressionTranslator(source).run();
    }

    private Translated run() {
        while (pos < in.size()) {
            Tok t = in.get(pos++);
            if (t.kind() == Kind.CLOSE || t.kind() == Kind.OP && (t.text().equals(",") || t.text().equals("?") || t.text().equals(":")
                    || t.text().equals("&&") || t.text().equals("||"))
                    || t.kind() == Kind.IDENT && (t.text().equals("and") || t.text().equals("or"))) {
                closeNots(t.at());
            }
            if (t.kind() == Kind.OPEN) {
                depth++;
            } else if (t.kind() == Kind.CLOSE) {
                depth--;
            }
            if (t.kind() == Kind.IDENT) {
                ident(t);
            } else if (t.kind() == Kind.OP && t.text().equals("|")) {
                filter(t);
            } else if (t.kind() == Kind.OP && t.text().equals("~")) {
                out.add(new Tok(Kind.OP, "+ '' +", t.at()));
            } else {
                out.add(t);
            }
        }
        closeNots(source.length());
        StringBuilder text = new StringBuilder();
        List<Integer> offsets = new ArrayList<>();
        for (Tok t : out) {
            text.append(t.text());
            for (int i = 0; i < t.text().length(); i++) {
                offsets.add(t.at());
            }
        }
        return new Translated(text.toString(), offsets.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(uses));
    }

    private void ident(Tok t) {
        switch (t.text()) {
            case "and" -> out.add(new Tok(Kind.OP, "&&", t.at()));
            case "or" -> out.add(new Tok(Kind.OP, "||", t.at()));
            case "in" -> out.add(new Tok(Kind.OP, "=~", t.at()));
            case "not" -> {
                Tok next = peek();
                if (next != null && next.kind() == Kind.IDENT && next.text().equals("in")) {
                    skipTo(next);
                    out.add(new Tok(Kind.OP, "!~", t.at()));
                } else {
                    // Jinja's "not" is weaker than comparisons: not a == b is !(a == b).
                    out.add(new Tok(Kind.OP, "!", t.at()));
                    out.add(new Tok(Kind.OPEN, "(", t.at()));
                    pendingNot.push(depth);
                }
            }
            case "True", "true" -> out.add(new Tok(Kind.IDENT, "true", t.at()));
            case "False", "false" -> out.add(new Tok(Kind.IDENT, "false", t.at()));
            case "None", "none", "null" -> out.add(new Tok(Kind.IDENT, "null", t.at()));
            case "is" -> test(t);
            default -> {
                noteCall(t);
                if (JEXL_WORDS.contains(t.text())) {
                    boolean property = !out.isEmpty() && out.get(out.size() - 1).text().equals(".");
                    if (property) {
                        out.remove(out.size() - 1);
                        out.add(new Tok(Kind.OPEN, "[", t.at()));
                        out.add(new Tok(Kind.STRING, jexlString(t.text()), t.at()));
                        out.add(new Tok(Kind.CLOSE, "]", t.at()));
                    } else {
                        out.add(new Tok(Kind.IDENT, RENAMED + t.text(), t.at()));
                    }
                } else {
                    out.add(t);
                }
            }
        }
    }

    /**
     * Notes a name written as a call: {@code name(...)} a function, {@code x.name(...)} a method; and Jinja's statement
     * words inside an expression ({@code a if c else b}), which have no translation.
     */
    private void noteCall(Tok t) {
        boolean property = !out.isEmpty() && out.get(out.size() - 1).text().equals(".");
        boolean call = pos < in.size() && in.get(pos).kind() == Kind.OPEN && in.get(pos).text().equals("(");
        if (!property && java.util.Set.of("if", "else", "for", "recursive").contains(t.text())) {
            uses.add(new Use(UseKind.KEYWORD, t.text(), t.at()));
        } else if (call) {
            uses.add(new Use(property ? UseKind.METHOD : UseKind.FUNCTION, t.text(), t.at()));
        }
    }

    /** {@code x is [not] name}: a call on the value, or on the path for defined/undefined. */
    private void test(Tok is) {
        Tok name = nextSignificant("a test name after 'is'", is);
        boolean negate = false;
        if (name.text().equals("not")) {
            negate = true;
            name = nextSignificant("a test name after 'is not'", is);
        }
        if (name.kind() != Kind.IDENT) {
            throw error("expected a test name after 'is'", name.at());
        }
        List<Tok> operand = popOperand(is);
        String test = name.text();
        uses.add(new Use(UseKind.TEST, test, name.at()));
        if (test.equals("defined") || test.equals("undefined")) {
            String path = text(operand).strip().replace(RENAMED, "");
            if (!Variables.isPath(path)) {
                throw error("'is " + test + "' needs a variable name, not '" + path + "'", operand.get(0).at());
            }
            boolean wantDefined = test.equals("defined") != negate;
            out.add(new Tok(Kind.IDENT, (wantDefined ? "" : "!") + "m:defined(" + jexlString(path) + ")", operand.get(0).at()));
            return;
        }
        out.add(new Tok(Kind.OP, negate ? "!" : "", operand.get(0).at()));
        out.add(new Tok(Kind.IDENT, "m:is", operand.get(0).at()));
        out.add(new Tok(Kind.OPEN, "(", is.at()));
        out.addAll(operand);
        out.add(new Tok(Kind.OP, ", " + jexlString(test), name.at()));
        Tok open = pos < in.size() ? in.get(pos) : null;
        // x is search('re'): the test's arguments flow through the main loop; their ")" closes m:is.
        closeCall(open != null && open.kind() == Kind.OPEN && open.text().equals("(") ? open : null, name);
    }

    /**
     * Ends a call already opened in the output. With {@code open}, the source's own "(" right after the
     * name, the arguments follow through the main loop and their ")" closes the call (an empty "()" closes
     * it at once); without, the call is closed here.
     */
    private void closeCall(Tok open, Tok name) {
        if (open == null) {
            out.add(new Tok(Kind.CLOSE, ")", name.at()));
            return;
        }
        pos++;
        Tok close = peek();
        if (close != null && close.kind() == Kind.CLOSE && close.text().equals(")")) {
            skipTo(close);
            out.add(new Tok(Kind.CLOSE, ")", close.at()));
        } else {
            out.add(new Tok(Kind.OP, ", ", open.at()));
            depth++;
        }
    }

    /** {@code x | name} or {@code x | name(args)}: becomes m:filter('name', x, args), args flowing through the loop. */
    private void filter(Tok bar) {
        Tok name = nextSignificant("a filter name after '|'", bar);
        if (name.kind() != Kind.IDENT) {
            throw error("expected a filter name after '|'", name.at());
        }
        List<Tok> operand = popOperand(bar);
        uses.add(new Use(UseKind.FILTER, name.text(), name.at()));
        String path = text(operand).strip().replace(RENAMED, "");
        boolean lazy = (name.text().equals("default") || name.text().equals("d")) && Variables.isPath(path);
        Tok open = peek();
        boolean hasArgs = open != null && open.kind() == Kind.OPEN && open.text().equals("(") && in.get(pos) == open;
        if (lazy) {
            // default() must not evaluate an undefined operand: it looks the path up itself.
            out.add(new Tok(Kind.IDENT, "m:dflt", name.at()));
            out.add(new Tok(Kind.OPEN, "(", name.at()));
            out.add(new Tok(Kind.STRING, jexlString(path), operand.get(0).at()));
        } else {
            out.add(new Tok(Kind.IDENT, "m:filter", name.at()));
            out.add(new Tok(Kind.OPEN, "(", name.at()));
            out.add(new Tok(Kind.STRING, jexlString(name.text()), name.at()));
            out.add(new Tok(Kind.OP, ", ", name.at()));
            out.addAll(operand);
        }
        closeCall(hasArgs ? open : null, name);
    }

    private void closeNots(int at) {
        while (!pendingNot.isEmpty() && pendingNot.peek() == depth) {
            pendingNot.pop();
            out.add(new Tok(Kind.CLOSE, ")", at));
        }
    }

    /** Removes from the output, and returns, the value just before an 'is' or '|': a name chain, literal, call or group. */
    private List<Tok> popOperand(Tok at) {
        int j = out.size() - 1;
        while (j >= 0 && out.get(j).kind() == Kind.WS) {
            j--;
        }
        int end = j;
        int start = -1;
        while (j >= 0) {
            Tok t = out.get(j);
            if (t.kind() == Kind.CLOSE) {
                int k = matchingOpen(j);
                Kind before = k > 0 ? out.get(k - 1).kind() : Kind.WS;
                boolean index = out.get(k).text().equals("[") && (before == Kind.IDENT || before == Kind.CLOSE || before == Kind.STRING);
                boolean call = out.get(k).text().equals("(") && before == Kind.IDENT;
                if (index || call) {
                    j = k - 1;
                    continue;
                }
                start = k;
                break;
            }
            if (t.kind() == Kind.IDENT || t.kind() == Kind.NUMBER || t.kind() == Kind.STRING) {
                start = j;
                if (j >= 2 && out.get(j - 1).kind() == Kind.OP && out.get(j - 1).text().equals(".")) {
                    j -= 2;
                    continue;
                }
                break;
            }
            break;
        }
        if (start < 0) {
            throw error("expected a value before '" + at.text() + "'", at.at());
        }
        List<Tok> operand = new ArrayList<>(out.subList(start, end + 1));
        out.subList(start, out.size()).clear();
        return operand;
    }

    private int matchingOpen(int close) {
        int depth = 0;
        for (int k = close; k >= 0; k--) {
            Kind kind = out.get(k).kind();
            if (kind == Kind.CLOSE) {
                depth++;
            } else if (kind == Kind.OPEN) {
                depth--;
                if (depth == 0) {
                    return k;
                }
            }
        }
        throw error("unbalanced '" + out.get(close).text() + "'", out.get(close).at());
    }

    private Tok peek() {
        int p = pos;
        while (p < in.size() && in.get(p).kind() == Kind.WS) {
            p++;
        }
        return p < in.size() ? in.get(p) : null;
    }

    private void skipTo(Tok t) {
        pos = in.indexOf(t) + 1;
    }

    private Tok nextSignificant(String what, Tok after) {
        Tok t = peek();
        if (t == null) {
            throw error("expected " + what, after.at());
        }
        skipTo(t);
        return t;
    }

    private static String text(List<Tok> toks) {
        StringBuilder b = new StringBuilder();
        toks.forEach(t -> b.append(t.text()));
        return b.toString();
    }

    static String jexlString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private TemplateException error(String message, int offset) {
        return new TemplateException(message + " at column " + (offset + 1) + " in: " + source, offset + 1);
    }

    private List<Tok> tokenize(String src) {
        List<Tok> toks = new ArrayList<>();
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
                    i++;
                }
                toks.add(new Tok(Kind.WS, " ", start));
            } else if (c == '\'' || c == '"') {
                i++;
                while (i < src.length() && src.charAt(i) != c) {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                if (i >= src.length()) {
                    throw error("unterminated string", start);
                }
                i++;
                toks.add(new Tok(Kind.STRING, src.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                while (i < src.length() && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '.'
                        && i + 1 < src.length() && Character.isDigit(src.charAt(i + 1)))) {
                    i++;
                }
                toks.add(new Tok(Kind.NUMBER, src.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
                    i++;
                }
                toks.add(new Tok(Kind.IDENT, src.substring(start, i), start));
            } else if ("([{".indexOf(c) >= 0) {
                toks.add(new Tok(Kind.OPEN, String.valueOf(c), i++));
            } else if (")]}".indexOf(c) >= 0) {
                toks.add(new Tok(Kind.CLOSE, String.valueOf(c), i++));
            } else {
                String two = i + 1 < src.length() ? src.substring(i, i + 2) : "";
                if (List.of("==", "!=", "<=", ">=", "&&", "||", "=~", "!~").contains(two)) {
                    toks.add(new Tok(Kind.OP, two, i));
                    i += 2;
                } else if ("+-*/%<>!.,|:?~".indexOf(c) >= 0) {
                    toks.add(new Tok(Kind.OP, String.valueOf(c), i++));
                } else if (c == '=') {
                    throw error("'=' assigns; compare with '=='", i);
                } else {
                    throw error("unexpected character '" + c + "'", i);
                }
            }
        }
        return toks;
    }
}

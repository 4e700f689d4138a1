package dev.muster.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One Jinja expression as Ansible writes it, made readable by Jinjava's parser (an EL dialect), and the filters, tests
 * and functions it names (for the plan-time check). Three things Jinja2 reads differently from EL are rewritten, all
 * outside string literals: {@code item.0} (an index written as an attribute) becomes {@code item[0]}; a variable or
 * attribute whose name is an EL keyword ({@code empty}, {@code div}, {@code mod}, {@code eq}, ...) is read by name;
 * string literals get Python's escapes ({@code '\n'}, {@code '\t'}, {@code '\x41'}), which EL does not have.
 */
final class JinjaSource {

    /** EL's reserved words that Jinja2 reads as ordinary names. */
    private static final Set<String> EL_ONLY_KEYWORDS = Set.of("empty", "div", "mod", "eq", "ne", "lt", "gt", "le", "ge",
            "null", "instanceof");
    /** Words that end an operand: what comes after them is a new one ("a and b | f is t" tests only "b | f"). */
    private static final Set<String> OPERAND_BREAKS = Set.of("and", "or", "not", "in", "if", "else");
    /** A variable named like an EL keyword is read under this prefix (the interpreter strips it). */
    static final String RENAMED = "__muster_name_";

    enum Kind { FILTER, TEST, FUNCTION }

    /**
     * A filter, test or function the expression names, where (0-based, in the source), and for a function the text of
     * its first argument when that is a string literal ({@code lookup('file', ...)}), else null.
     */
    record Use(Kind kind, String name, int at, String firstArgument) {
        Use(Kind kind, String name, int at) {
            this(kind, name, at, null);
        }
    }

    private final String source;
    private final StringBuilder out = new StringBuilder();
    private final List<Integer> origin = new ArrayList<>();
    private final List<Use> uses = new ArrayList<>();
    /** Where the operand being written starts in {@link #out}, per bracket depth, and whether a filter is applied in it. */
    private final java.util.ArrayDeque<int[]> operands = new java.util.ArrayDeque<>();
    private int operandStart;
    private boolean operandFiltered;
    /** The bracket depths of unary nots whose operand is still open ("not a == b" is "not (a == b)" in Jinja). */
    private final java.util.ArrayDeque<Integer> openNots = new java.util.ArrayDeque<>();

    private JinjaSource(String source) {
        this.source = source;
    }

    /** The Jinjava text of {@code source}, with the names it uses. */
    static JinjaSource of(String source) {
        JinjaSource scan = new JinjaSource(source);
        scan.scan();
        return scan;
    }

    String jinjava() {
        return out.toString();
    }

    List<Use> uses() {
        return uses;
    }

    /** The 1-based column in the source of a 0-based position in {@link #jinjava()}. */
    int sourceColumn(int position) {
        if (origin.isEmpty()) {
            return 1;
        }
        int p = Math.max(0, Math.min(position, origin.size() - 1));
        return origin.get(p) + 1;
    }

    private void emit(String text, int at) {
        for (int i = 0; i < text.length(); i++) {
            out.append(text.charAt(i));
            origin.add(at);
        }
    }

    private void scan() {
        scanTokens();
        while (!openNots.isEmpty()) {
            openNots.pop();
            emit(")", Math.max(0, source.length() - 1));
        }
    }

    private void scanTokens() {
        int i = 0;
        int n = source.length();
        String previousWord = null;   // the last identifier token, for "is [not] NAME"
        char previousSymbol = 0;      // the last non-space character outside words, numbers and strings
        boolean lastWasNumber = false;
        boolean lastWasOperand = false;
        while (i < n) {
            char c = source.charAt(i);
            if (c == '\'' || c == '"') {
                i = string(i, c);
                int op = skipSpaces(i);
                int operand = skipSpaces(op + 1);
                if (op < n && source.charAt(op) == '%' && operand < n && source.charAt(operand) == '(') {
                    // Python's 'text %s' % (a, b): Jinja2 formats; Jinjava's % is a number's remainder. The format
                    // filter is Python's %, and the bracketed operand becomes its arguments.
                    emit(" | format", op);
                    i = operand;
                }
                previousWord = null;
                previousSymbol = 0;
                lastWasNumber = false;
                lastWasOperand = true;
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '_'
                        || (source.charAt(i) == '.' && i + 1 < n && Character.isDigit(source.charAt(i + 1)) && !afterIndexDot(start)))) {
                    i++;
                }
                emit(source.substring(start, i), start);
                previousWord = null;
                previousSymbol = 0;
                lastWasNumber = true;
                lastWasOperand = true;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '_')) {
                    i++;
                }
                String word = source.substring(start, i);
                int next = skipSpaces(i);
                if (word.equals("is") && previousSymbol != '.' && operandFiltered) {
                    // Jinja applies filters before tests ("n | int is odd"); Jinjava's parser wants the filtered operand in brackets
                    out.insert(operandStart, '(');
                    origin.add(operandStart, origin.isEmpty() ? 0 : origin.get(Math.min(operandStart, origin.size() - 1)));
                    emit(") ", start);
                    operandFiltered = false;
                }
                if (OPERAND_BREAKS.contains(word) && previousSymbol != '.') {
                    boolean unaryNot = word.equals("not") && !"is".equals(previousWord) && !isWord(next, "in");
                    if (!word.equals("not") && !word.equals("in")) {
                        closeNots(start);
                    }
                    emit(word, start);
                    if (unaryNot) {
                        // Jinja's not binds looser than comparisons: Jinjava's parser binds it to the next operand only
                        emit(" (", start);
                        openNots.push(operands.size());
                    }
                    operandStart = out.length();
                    operandFiltered = false;
                    previousWord = word;
                    previousSymbol = 0;
                    lastWasNumber = false;
                    lastWasOperand = false;
                    continue;
                }
                boolean call = next < n && source.charAt(next) == '(';
                boolean attribute = previousSymbol == '.';
                if (previousSymbol == '|') {
                    uses.add(new Use(Kind.FILTER, word, start));
                    emit(word, start);
                } else if ("is".equals(previousWord) || ("not".equals(previousWord) && isAfterIs())) {
                    if (!word.equals("not")) {
                        uses.add(new Use(Kind.TEST, word, start));
                    }
                    emit(word, start);
                } else if (attribute && EL_ONLY_KEYWORDS.contains(word)) {
                    // x.empty -> x['empty']: drop the dot already written
                    out.setLength(out.length() - 1);
                    origin.remove(origin.size() - 1);
                    emit("['" + word + "']", start);
                } else if (!attribute && EL_ONLY_KEYWORDS.contains(word)) {
                    emit(RENAMED + word, start);
                } else {
                    if (call && !attribute) {
                        uses.add(new Use(Kind.FUNCTION, word, start, literalAt(skipSpaces(next + 1))));
                    }
                    emit(word, start);
                }
                previousWord = word;
                previousSymbol = 0;
                lastWasNumber = false;
                lastWasOperand = true;
            } else if (c == '.' && lastWasOperand && !lastWasNumber && i + 1 < n && Character.isDigit(source.charAt(i + 1))) {
                // item.0 -> item[0]
                int start = i + 1;
                int end = start;
                while (end < n && Character.isDigit(source.charAt(end))) {
                    end++;
                }
                emit("[" + source.substring(start, end) + "]", i);
                i = end;
                previousWord = null;
                previousSymbol = 0;
                lastWasOperand = true;
            } else {
                if (c == ',' || c == ':') {
                    closeNots(i);
                } else if (c == ')' || c == ']' || c == '}') {
                    closeNots(i);
                }
                emit(String.valueOf(c), i);
                if (c == '(' || c == '[' || c == '{') {
                    operands.push(new int[] {operandStart, operandFiltered ? 1 : 0});
                    operandStart = out.length();
                    operandFiltered = false;
                } else if ((c == ')' || c == ']' || c == '}') && !operands.isEmpty()) {
                    int[] outer = operands.pop();
                    operandStart = outer[0];
                    operandFiltered = outer[1] == 1;
                } else if (c == '|') {
                    operandFiltered = true;
                } else if ("=!<>+-*/%~,:".indexOf(c) >= 0) {
                    operandStart = out.length();
                    operandFiltered = false;
                }
                if (!Character.isWhitespace(c)) {
                    previousSymbol = c;
                    previousWord = null;
                    lastWasNumber = false;
                    lastWasOperand = c == ')' || c == ']';
                }
                i++;
            }
        }
    }

    /** Closes the unary nots opened at the current bracket depth. */
    private void closeNots(int at) {
        while (!openNots.isEmpty() && openNots.peek() == operands.size()) {
            openNots.pop();
            emit(")", at);
        }
    }

    /** Whether {@code word} stands at {@code i} as a whole word. */
    private boolean isWord(int i, String word) {
        int end = i + word.length();
        return source.startsWith(word, i) && (end >= source.length() || !(Character.isLetterOrDigit(source.charAt(end)) || source.charAt(end) == '_'));
    }

    /** Whether the digits starting at {@code start} follow an index dot (item.0.1 is two indexes, not a float). */
    private boolean afterIndexDot(int start) {
        return start > 0 && source.charAt(start - 1) == '.';
    }

    private boolean isAfterIs() {
        // "x is not NAME": the word before "not" was "is"
        String text = out.toString().stripTrailing();
        if (!text.endsWith("not")) {
            return false;
        }
        return text.substring(0, text.length() - 3).stripTrailing().endsWith(" is");
    }

    /** The text of a plain string literal starting at {@code i}, or null. */
    private String literalAt(int i) {
        if (i >= source.length() || (source.charAt(i) != '\'' && source.charAt(i) != '"')) {
            return null;
        }
        int end = source.indexOf(source.charAt(i), i + 1);
        return end < 0 ? null : source.substring(i + 1, end);
    }

    private int skipSpaces(int i) {
        while (i < source.length() && Character.isWhitespace(source.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Copies a string literal with Python's escapes decoded, re-escaped as EL reads them; returns the index after it. */
    private int string(int start, char quote) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        int n = source.length();
        while (i < n && source.charAt(i) != quote) {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char e = source.charAt(i + 1);
                i += 2;
                switch (e) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case '0' -> value.append('\0');
                    case 'a' -> value.append('\007');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'v' -> value.append('\013');
                    case '\\', '\'', '"' -> value.append(e);
                    case '\n' -> { }
                    case 'x', 'u', 'U' -> {
                        int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                        if (i + digits <= n && source.substring(i, i + digits).matches("[0-9A-Fa-f]+")) {
                            value.appendCodePoint(Integer.parseInt(source.substring(i, i + digits), 16));
                            i += digits;
                        } else {
                            throw new TemplateException("truncated \\" + e + " escape in a string at column " + (i - 1), i - 1);
                        }
                    }
                    default -> value.append('\\').append(e);   // Python keeps an unknown escape as written
                }
            } else {
                value.append(c);
                i++;
            }
        }
        if (i >= n) {
            // unterminated: leave it to the parser, which reports it with its position
            emit(source.substring(start), start);
            return n;
        }
        StringBuilder literal = new StringBuilder().append(quote);
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '\\' || c == quote) {
                literal.append('\\');
            }
            literal.append(c);
        }
        literal.append(quote);
        emit(literal.toString(), start);
        return i + 1;
    }
}

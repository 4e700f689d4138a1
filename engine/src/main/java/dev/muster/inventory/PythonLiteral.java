package dev.muster.inventory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a value the way Ansible's INI plugin does with Python's {@code ast.literal_eval}: numbers,
 * strings, True/False/None, lists, tuples, sets and dicts become typed values; anything that is not
 * such a literal (a bare word, an expression, a syntax error) stays the original text.
 * Tuples and sets become lists (that is how they reach JSON); complex numbers and Ellipsis are left
 * as text because ansible-inventory itself cannot print them.
 */
public final class PythonLiteral {

    private static final String DIGITS = "[0-9](?:_?[0-9])*";
    private static final String POINT_FLOAT = "(?:(?:" + DIGITS + ")?\\." + DIGITS + "|" + DIGITS + "\\.)";
    private static final Pattern FLOAT = Pattern.compile(
            "(?:" + POINT_FLOAT + "|" + DIGITS + ")[eE][-+]?" + DIGITS + "|" + POINT_FLOAT);
    private static final Pattern RADIX_INT = Pattern.compile("0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)");
    private static final Pattern DECIMAL_INT = Pattern.compile("[1-9](?:_?[0-9])*|0(?:_?0)*");
    private static final Pattern STRING_PREFIX = Pattern.compile("(?i)r|u|b|br|rb");

    /** Thrown inside the parser when the text is not a literal; the caller falls back to the text. */
    private static final class NotALiteral extends RuntimeException {
        NotALiteral() {
            super(null, null, false, false);
        }
    }

    private record Node(Object value, boolean plainNumber) {
    }

    /** A Python tuple: a list everywhere, except that --graph --vars prints it as {@code (1, 2)}. */
    static final class Tuple extends ArrayList<Object> {
        Tuple(List<Object> items) {
            super(items);
        }
    }

    /** A Python set: a list everywhere, except that --graph --vars prints it as {@code {1, 2}}. */
    static final class PySet extends ArrayList<Object> {
        PySet(List<Object> items) {
            super(items);
        }
    }

    private final String text;
    private int pos;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /** The typed value of {@code text}, or {@code text} itself when it is not a Python literal. */
    public static Object valueOf(String text) {
        String source = stripLeadingBlanks(text);
        try {
            PythonLiteral parser = new PythonLiteral(source);
            Object value = parser.parseTop();
            return value;
        } catch (NotALiteral | NumberFormatException | StackOverflowError e) {
            return text;
        }
    }

    private static String stripLeadingBlanks(String text) {
        int i = 0;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return text.substring(i);
    }

    private Object parseTop() {
        skipBlanks();
        if (atEnd()) {
            throw new NotALiteral();
        }
        Object first = parseExpression().value();
        skipBlanks();
        if (peek() == ',') {
            List<Object> tuple = new ArrayList<>();
            tuple.add(first);
            while (peek() == ',') {
                pos++;
                skipBlanks();
                if (atEnd()) {
                    break;
                }
                tuple.add(parseExpression().value());
                skipBlanks();
            }
            first = new Tuple(tuple);
        }
        if (!atEnd()) {
            throw new NotALiteral();
        }
        return first;
    }

    private Node parseExpression() {
        skipBlanks();
        char c = peek();
        if (c == '-' || c == '+') {
            pos++;
            skipBlanks();
            Node operand = parsePrimary();
            if (!operand.plainNumber()) {
                throw new NotALiteral();
            }
            Object value = operand.value();
            if (c == '-') {
                value = negate(value);
            }
            return new Node(value, false);
        }
        return parsePrimary();
    }

    private static Object negate(Object value) {
        if (value instanceof Long l) {
            return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : -l;
        }
        if (value instanceof BigInteger b) {
            return narrow(b.negate());
        }
        return -((Double) value);
    }

    private Node parsePrimary() {
        skipBlanks();
        if (atEnd()) {
            throw new NotALiteral();
        }
        char c = peek();
        if (c == '[') {
            pos++;
            return new Node(parseSequence(']'), false);
        }
        if (c == '(') {
            pos++;
            skipBlanks();
            if (peek() == ')') {
                pos++;
                return new Node(new Tuple(List.of()), false);
            }
            Node inner = parseExpression();
            skipBlanks();
            if (peek() == ')') {
                pos++;
                return inner;
            }
            if (peek() != ',') {
                throw new NotALiteral();
            }
            List<Object> tuple = new ArrayList<>();
            tuple.add(inner.value());
            pos++;
            tuple.addAll(parseSequence(')'));
            return new Node(new Tuple(tuple), false);
        }
        if (c == '{') {
            pos++;
            return new Node(parseBraces(), false);
        }
        if (c == '\'' || c == '"') {
            return new Node(parseStrings(), false);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
            return new Node(parseNumber(), true);
        }
        if (Character.isJavaIdentifierStart(c)) {
            int start = pos;
            while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos)) && text.charAt(pos) != '$') {
                pos++;
            }
            String word = text.substring(start, pos);
            if (pos < text.length() && (peek() == '\'' || peek() == '"') && STRING_PREFIX.matcher(word).matches()) {
                pos = start;
                return new Node(parseStrings(), false);
            }
            switch (word) {
                case "True":
                    return new Node(Boolean.TRUE, false);
                case "False":
                    return new Node(Boolean.FALSE, false);
                case "None":
                    return new Node(null, false);
                case "set":
                    skipBlanks();
                    if (peek() == '(') {
                        pos++;
                        skipBlanks();
                        if (peek() == ')') {
                            pos++;
                            return new Node(new PySet(List.of()), false);
                        }
                    }
                    throw new NotALiteral();
                default:
                    throw new NotALiteral();
            }
        }
        throw new NotALiteral();
    }

    /** Elements up to {@code close}, the opening bracket already consumed; a trailing comma is allowed. */
    private List<Object> parseSequence(char close) {
        List<Object> items = new ArrayList<>();
        skipBlanks();
        while (peek() != close) {
            items.add(parseExpression().value());
            skipBlanks();
            if (peek() == ',') {
                pos++;
                skipBlanks();
            } else if (peek() != close) {
                throw new NotALiteral();
            }
        }
        pos++;
        return items;
    }

    private Object parseBraces() {
        skipBlanks();
        if (peek() == '}') {
            pos++;
            return new LinkedHashMap<>();
        }
        Object firstKey = parseExpression().value();
        skipBlanks();
        if (peek() != ':') {
            List<Object> set = new ArrayList<>();
            set.add(firstKey);
            if (peek() == ',') {
                pos++;
                for (Object item : parseSequence('}')) {
                    if (!set.contains(item)) {
                        set.add(item);
                    }
                }
            } else if (peek() == '}') {
                pos++;
            } else {
                throw new NotALiteral();
            }
            return new PySet(set);
        }
        Map<Object, Object> dict = new LinkedHashMap<>();
        Object key = firstKey;
        while (true) {
            if (key instanceof List || key instanceof Map) {
                throw new NotALiteral();
            }
            pos++; // the ':'
            Object value = parseExpression().value();
            dict.put(key, value);
            skipBlanks();
            if (peek() == '}') {
                pos++;
                return dict;
            }
            if (peek() != ',') {
                throw new NotALiteral();
            }
            pos++;
            skipBlanks();
            if (peek() == '}') {
                pos++;
                return dict;
            }
            key = parseExpression().value();
            skipBlanks();
            if (peek() != ':') {
                throw new NotALiteral();
            }
        }
    }

    private Object parseNumber() {
        Matcher m;
        String token;
        Object value;
        if ((m = FLOAT.matcher(text).region(pos, text.length())).lookingAt()) {
            token = m.group();
            value = Double.parseDouble(token.replace("_", ""));
        } else if ((m = RADIX_INT.matcher(text).region(pos, text.length())).lookingAt()) {
            token = m.group();
            int radix = switch (Character.toLowerCase(token.charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            value = narrow(new BigInteger(token.substring(2).replace("_", ""), radix));
        } else if ((m = DECIMAL_INT.matcher(text).region(pos, text.length())).lookingAt()) {
            token = m.group();
            value = narrow(new BigInteger(token.replace("_", "")));
        } else {
            throw new NotALiteral();
        }
        pos += token.length();
        if (pos < text.length()) {
            char next = text.charAt(pos);
            if (Character.isLetterOrDigit(next) || next == '_' || next == '.') {
                throw new NotALiteral(); // 01, 1j, 1abc, 1.2.3: not a plain number
            }
        }
        return value;
    }

    static Object narrow(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /** One or more adjacent string literals, concatenated as Python does. */
    private String parseStrings() {
        StringBuilder out = new StringBuilder();
        Boolean bytes = null;
        while (true) {
            int start = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            String prefix = text.substring(start, pos).toLowerCase();
            if (!prefix.isEmpty() && !STRING_PREFIX.matcher(prefix).matches()) {
                throw new NotALiteral();
            }
            boolean isBytes = prefix.contains("b");
            if (bytes != null && bytes != isBytes) {
                throw new NotALiteral();
            }
            bytes = isBytes;
            out.append(parseOneString(prefix.contains("r"), isBytes));
            skipBlanks();
            if (!startsString()) {
                return out.toString();
            }
        }
    }

    private boolean startsString() {
        int i = pos;
        while (i < text.length() && Character.isLetter(text.charAt(i)) && i - pos < 2) {
            i++;
        }
        return i < text.length() && (text.charAt(i) == '\'' || text.charAt(i) == '"')
                && (i == pos || STRING_PREFIX.matcher(text.substring(pos, i)).matches());
    }

    private String parseOneString(boolean raw, boolean bytes) {
        char quote = text.charAt(pos);
        boolean triple = text.startsWith(String.valueOf(quote).repeat(3), pos);
        pos += triple ? 3 : 1;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw new NotALiteral();
            }
            char c = text.charAt(pos);
            if (c == quote && (!triple || text.startsWith(String.valueOf(quote).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                return out.toString();
            }
            if ((c == '\n' || c == '\r') && !triple) {
                throw new NotALiteral();
            }
            if (bytes && c > 127) {
                throw new NotALiteral();
            }
            if (c != '\\') {
                out.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= text.length()) {
                throw new NotALiteral();
            }
            char e = text.charAt(pos + 1);
            if (raw) {
                out.append(c).append(e);
                pos += 2;
                continue;
            }
            pos += 2;
            appendEscape(out, e, bytes);
        }
    }

    private void appendEscape(StringBuilder out, char e, boolean bytes) {
        switch (e) {
            case '\n' -> { }
            case '\\', '\'', '"' -> out.append(e);
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case 'x' -> out.appendCodePoint(hexDigits(2));
            case 'u' -> {
                if (bytes) {
                    out.append("\\u");
                } else {
                    out.appendCodePoint(hexDigits(4));
                }
            }
            case 'U' -> {
                if (bytes) {
                    out.append("\\U");
                } else {
                    int cp = hexDigits(8);
                    if (cp > Character.MAX_CODE_POINT) {
                        throw new NotALiteral();
                    }
                    out.appendCodePoint(cp);
                }
            }
            case 'N' -> {
                if (bytes) {
                    out.append("\\N");
                    return;
                }
                int close = text.indexOf('}', pos);
                if (peek() != '{' || close < 0) {
                    throw new NotALiteral();
                }
                try {
                    out.appendCodePoint(Character.codePointOf(text.substring(pos + 1, close)));
                } catch (IllegalArgumentException unknown) {
                    throw new NotALiteral();
                }
                pos = close + 1;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int value = e - '0';
                    for (int n = 0; n < 2 && pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '7'; n++) {
                        value = value * 8 + (text.charAt(pos++) - '0');
                    }
                    out.appendCodePoint(bytes ? value & 0xff : value);
                } else {
                    out.append('\\').append(e);
                }
            }
        }
    }

    private int hexDigits(int count) {
        if (pos + count > text.length()) {
            throw new NotALiteral();
        }
        String digits = text.substring(pos, pos + count);
        if (!digits.matches("[0-9a-fA-F]+")) {
            throw new NotALiteral();
        }
        pos += count;
        return Integer.parseUnsignedInt(digits, 16);
    }

    private void skipBlanks() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r') {
                pos++;
            } else if (c == '#') {
                pos = text.length();
            } else {
                return;
            }
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return atEnd() ? '\0' : text.charAt(pos);
    }
}

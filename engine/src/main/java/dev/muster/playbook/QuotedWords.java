package dev.muster.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key=value text as Ansible reads it, for module arguments ({@code copy: src=a dest='b c'}), free-form commands
 * ({@code command: echo {{ a ~ ' ' ~ b }} chdir=/tmp}) and {@code -e k=v}: ansible-core's {@code split_args} and
 * {@code parse_kv} ({@code ansible/parsing/splitter.py}), ported rule for rule so that every odd case splits the
 * same way. The one splitter of the engine, so these never disagree.
 * <p>
 * Words are separated by spaces and newlines only (a tab is part of a word); a word that opens a quote or a
 * Jinja {@code {{ }}}, {@code {% %}} or {@code {# #}} runs on until it is closed; a lone backslash at the end of a
 * line joins the next line. Words keep their quotes: {@link #parse} unquotes a value only when the whole value is
 * quoted, and decodes Python's escape sequences ({@code \n}, {@code \t}, {@code \u00e9}, ...) in key=value words.
 */
public final class QuotedWords {

    /** The options of a key=value text, and the other words joined as Ansible joins them (null when none). */
    public record KeyValues(Map<String, String> options, String raw) {
    }

    /** Thrown for a quote or a Jinja block that is never closed; each caller words its own message and location. */
    public static final class UnbalancedQuote extends RuntimeException {
        UnbalancedQuote(String message) {
            super(message);
        }
    }

    private static final Pattern ESCAPE = Pattern.compile(
            "\\\\U[0-9a-fA-F]{8}|\\\\u[0-9a-fA-F]{4}|\\\\x[0-9a-fA-F]{2}|\\\\N\\{[^}]+\\}|\\\\[\\\\'\"abfnrtv]");

    private QuotedWords() {
    }

    /**
     * The words of {@code text}, quotes and templates kept ({@code split_args}).
     *
     * @throws UnbalancedQuote for an unclosed quote or Jinja block, or text Ansible cannot split (leading blanks)
     */
    public static List<String> split(String text) {
        List<String> params = new ArrayList<>();
        String[] items = text.split("\n", -1);
        char quote = 0;
        boolean insideQuotes = false;
        int print = 0;
        int block = 0;
        int comment = 0;
        for (int itemIndex = 0; itemIndex < items.length; itemIndex++) {
            String[] tokens = items[itemIndex].split(" ", -1);
            boolean lineContinuation = false;
            for (int idx = 0; idx < tokens.length; idx++) {
                String token = tokens[idx];
                if (token.isEmpty() && idx != 0) {
                    appendToLast(params, " ", text); // runs of spaces are kept, on the word before them
                    continue;
                }
                if (token.equals("\\") && !insideQuotes) {
                    lineContinuation = true;
                    continue;
                }
                boolean wasInsideQuotes = insideQuotes;
                quote = quoteState(token, quote);
                insideQuotes = quote != 0;
                boolean inBlock = print > 0 || block > 0 || comment > 0;
                boolean appended = false;
                if (insideQuotes && !wasInsideQuotes && !inBlock) {
                    params.add(token);
                    appended = true;
                } else if (inBlock || insideQuotes || wasInsideQuotes) {
                    if (idx == 0 && wasInsideQuotes) {
                        appendToLast(params, token, text);
                    } else if (tokens.length > 1) {
                        appendToLast(params, (idx > 0 ? " " : "") + token, text);
                    } else {
                        appendToLast(params, "\n" + token, text);
                    }
                    appended = true;
                }
                int before = print;
                print = depth(token, print, "{{", "}}");
                if (print != before && !appended) {
                    params.add(token);
                    appended = true;
                }
                before = block;
                block = depth(token, block, "{%", "%}");
                if (block != before && !appended) {
                    params.add(token);
                    appended = true;
                }
                before = comment;
                comment = depth(token, comment, "{#", "#}");
                if (comment != before && !appended) {
                    params.add(token);
                    appended = true;
                }
                if (print == 0 && block == 0 && comment == 0 && !insideQuotes && !appended && !token.isEmpty()) {
                    params.add(token);
                }
            }
            if (items.length > 1 && itemIndex != items.length - 1 && !lineContinuation) {
                appendToLast(params, "\n", text);
            }
        }
        if (print > 0 || block > 0 || comment > 0 || insideQuotes) {
            throw new UnbalancedQuote("failed at splitting arguments, either an unbalanced jinja2 block or quotes: " + text);
        }
        return params;
    }

    /**
     * The key=value options of {@code text} and its other words ({@code parse_kv}).
     *
     * @param isOption which keys are options; the other key=value words stay in the raw text (Ansible's
     *                 {@code check_raw} for command and shell, whose command line may hold {@code x=y} itself)
     */
    public static KeyValues parse(String text, Predicate<String> isOption) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> raw = new ArrayList<>();
        for (String word : split(text)) {
            String decoded = decodeEscapes(word);
            int eq = unescapedEquals(decoded);
            if (eq < 0) {
                raw.add(decoded.indexOf('=') >= 0 ? decoded.replace("\\=", "=") : word);
                continue;
            }
            String key = decoded.substring(0, eq);
            if (!isOption.test(key)) {
                raw.add(word);
            } else {
                options.put(key.strip(), unquote(decoded.substring(eq + 1).strip()));
            }
        }
        return new KeyValues(options, raw.isEmpty() ? null : join(raw));
    }

    /** Words joined back as Ansible's {@code join_args} does: a space between them, none after a newline. */
    static String join(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String word : words) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

    /** The first '=' after the first character that no backslash escapes, or -1 (parse_kv looks from index 1 on). */
    private static int unescapedEquals(String word) {
        int pos = 0;
        while (true) {
            pos = word.indexOf('=', pos + 1);
            if (pos < 0) {
                return -1;
            }
            if (word.charAt(pos - 1) != '\\') {
                return pos;
            }
        }
    }

    /** The value without its quotes when it starts and ends with the same quote (and that end is not escaped). */
    static String unquote(String value) {
        int n = value.length();
        boolean quoted = n > 1 && value.charAt(0) == value.charAt(n - 1) && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(n - 2) != '\\';
        return quoted ? value.substring(1, n - 1) : value;
    }

    /** Python's escape sequences in {@code text} decoded, the rest left as it is. */
    static String decodeEscapes(String text) {
        Matcher m = ESCAPE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(decode(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String decode(String escape) {
        char kind = escape.charAt(1);
        return switch (kind) {
            case 'U', 'u', 'x' -> new String(Character.toChars(Integer.parseInt(escape.substring(2), 16)));
            case 'N' -> new String(Character.toChars(Character.codePointOf(escape.substring(3, escape.length() - 1))));
            case 'a' -> "\u0007";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case 'v' -> "\u000b";
            default -> String.valueOf(kind); // \\ \' \"
        };
    }

    /** The quote still open after {@code token}, given the one open before it (0: none); an escaped quote does not count. */
    private static char quoteState(String token, char open) {
        char quote = open;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if ((c == '"' || c == '\'') && (i == 0 || token.charAt(i - 1) != '\\')) {
                if (quote == 0) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                }
            }
        }
        return quote;
    }

    private static int depth(String token, int depth, String open, String close) {
        int opened = count(token, open);
        int closed = count(token, close);
        return opened == closed ? depth : Math.max(0, depth + opened - closed);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private static void appendToLast(List<String> params, String more, String text) {
        if (params.isEmpty()) {
            throw new UnbalancedQuote("unable to parse argument string: " + text); // Ansible's IndexError
        }
        params.set(params.size() - 1, params.get(params.size() - 1) + more);
    }
}

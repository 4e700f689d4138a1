package dev.muster.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja's {@code {% set a, b = value %}} (unpacking a list or tuple: {@code host.split(':')}), which Jinjava refuses
 * ("uneven number of variables and assigned values"): rewritten, before Jinjava parses, into one {@code set} of the
 * value and one per name taking its item by position. The dashes of the written tag stay on the outer tags.
 */
final class SetUnpacking {

    private static final Pattern SET = Pattern.compile(
            "\\{%(-?)\\s*set\\s+([A-Za-z_][A-Za-z0-9_]*(?:\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*)+)\\s*,?\\s*=(?!=)(.*?)(-?)%}", Pattern.DOTALL);
    private static final String HOLDER = "__muster_unpacked";

    private SetUnpacking() {
    }

    /** Whether {@code value} has a comma outside brackets and quotes (a tuple written out). */
    private static boolean topLevelComma(String value) {
        return TopLevel.find(value, i -> value.charAt(i) == ',') >= 0;
    }

    static String apply(String text) {
        if (!text.contains("set") || !text.contains(",")) {
            return text;
        }
        Matcher m = SET.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        do {
            if (topLevelComma(m.group(3))) {
                // {% set a, b = 1, 2 %}: as many values as names, which Jinjava assigns itself
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue;
            }
            String[] names = m.group(2).split("\\s*,\\s*");
            StringBuilder tags = new StringBuilder();
            tags.append("{%").append(m.group(1)).append(" set ").append(HOLDER).append(" = ").append(m.group(3).strip()).append(" %}");
            for (int i = 0; i < names.length; i++) {
                boolean last = i == names.length - 1;
                tags.append("{% set ").append(names[i].strip()).append(" = ").append(HOLDER).append('[').append(i).append("] ")
                        .append(last ? m.group(4) : "").append("%}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(tags.toString()));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }
}

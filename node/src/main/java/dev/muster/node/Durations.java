package dev.muster.node;

import java.math.BigDecimal;
import java.time.Duration;

/** Parses the durations of the configuration: {@code 15}, {@code 15s}, {@code 1.5}, {@code 500ms}, {@code 2m}. Bare numbers are seconds. */
final class Durations {
    private Durations() {
    }

    static Duration parse(String text) {
        String t = text.trim();
        BigDecimal millisPerUnit;
        String number;
        if (t.endsWith("ms")) {
            millisPerUnit = BigDecimal.ONE;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            millisPerUnit = BigDecimal.valueOf(1000);
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            millisPerUnit = BigDecimal.valueOf(60_000);
            number = t.substring(0, t.length() - 1);
        } else {
            millisPerUnit = BigDecimal.valueOf(1000);
            number = t;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(number.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration (expected e.g. 15, 15s, 500ms, 2m): '" + text + "'");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("a duration cannot be negative: '" + text + "'");
        }
        return Duration.ofMillis(value.multiply(millisPerUnit).longValue());
    }

    /** Seconds with up to three decimals, the way the configuration writes them. */
    static String format(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + "s";
    }
}

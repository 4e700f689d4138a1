package dev.muster.template.ansible;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code %} string formatting ({@code 'fmt' % args}), which Jinja2's {@code format} filter is: flags,
 * width, precision, {@code %(key)s} with a mapping, and the conversions {@code d i u o x X e E f F g G c r s a %},
 * with Python's float rounding (the exact binary value, half to even), not Java's Formatter.
 */
final class PyFormat {
    private PyFormat() {
    }

    /** {@code fmt % args}: args is a tuple (a List) or a mapping (keyword arguments). */
    static String percent(String fmt, Object args, String filter) {
        List<?> positional = args instanceof List<?> l ? l : null;
        Map<?, ?> mapping = args instanceof Map<?, ?> m ? m : null;
        int next = 0;
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i >= fmt.length()) {
                throw new FilterError(filter, "incomplete format");
            }
            Object value = null;
            boolean keyed = false;
            if (fmt.charAt(i) == '(') {
                int close = fmt.indexOf(')', i);
                if (close < 0) {
                    throw new FilterError(filter, "incomplete format key");
                }
                if (mapping == null) {
                    throw new FilterError(filter, "format requires a mapping");
                }
                String key = fmt.substring(i + 1, close);
                Object found = Py.findKey(mapping, key);
                if (found == Py.NO_KEY) {
                    throw new FilterError(filter, "KeyError: " + Py.repr(key));
                }
                value = mapping.get(found);
                keyed = true;
                i = close + 1;
            }
            String flags = "";
            while (i < fmt.length() && "-+ #0".indexOf(fmt.charAt(i)) >= 0) {
                flags += fmt.charAt(i++);
            }
            int width = -1;
            if (i < fmt.length() && fmt.charAt(i) == '*') {
                i++;
                width = (int) intArg(take(positional, next++, filter), filter);
                if (width < 0) {
                    flags += "-";
                    width = -width;
                }
            } else {
                int start = i;
                while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
                    i++;
                }
                width = start == i ? -1 : Integer.parseInt(fmt.substring(start, i));
            }
            int precision = -1;
            if (i < fmt.length() && fmt.charAt(i) == '.') {
                i++;
                if (i < fmt.length() && fmt.charAt(i) == '*') {
                    i++;
                    precision = (int) intArg(take(positional, next++, filter), filter);
                } else {
                    int start = i;
                    while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
                        i++;
                    }
                    precision = start == i ? 0 : Integer.parseInt(fmt.substring(start, i));
                }
            }
            while (i < fmt.length() && "hlL".indexOf(fmt.charAt(i)) >= 0) {
                i++;
            }
            if (i >= fmt.length()) {
                throw new FilterError(filter, "incomplete format");
            }
            char conversion = fmt.charAt(i++);
            if (conversion == '%') {
                out.append('%');
                continue;
            }
            if (!keyed) {
                if (positional != null) {
                    value = take(positional, next++, filter);
                } else if (mapping != null) {
                    value = mapping; // '%s' % {...}: the mapping itself
                } else {
                    if (next++ > 0) {
                        throw new FilterError(filter, "not enough arguments for format string");
                    }
                    value = args;
                }
            }
            out.append(pad(convert(conversion, value, flags, precision, filter), flags, width, "diouxXeEfFgG".indexOf(conversion) >= 0));
        }
        if (positional != null && next < positional.size()) {
            throw new FilterError(filter, "not all arguments converted during string formatting");
        }
        return out.toString();
    }

    private static Object take(List<?> positional, int index, String filter) {
        if (positional == null || index >= positional.size()) {
            throw new FilterError(filter, "not enough arguments for format string");
        }
        return positional.get(index);
    }

    private static long intArg(Object v, String filter) {
        if (Py.isInt(v) || v instanceof Boolean) {
            return Py.toIntOrNull(v, 10);
        }
        throw new FilterError(filter, "* wants int");
    }

    private static String convert(char conversion, Object value, String flags, int precision, String filter) {
        return switch (conversion) {
            case 's' -> precision(Py.str(value), precision);
            case 'r', 'a' -> precision(Py.repr(value), precision);
            case 'c' -> {
                if (value instanceof CharSequence s && s.toString().codePointCount(0, s.length()) == 1) {
                    yield s.toString();
                }
                if (Py.isInt(value)) {
                    yield Character.toString(((Number) value).intValue());
                }
                throw new FilterError(filter, "%c requires int or char");
            }
            case 'd', 'i', 'u' -> {
                BigInteger n = integral(value, conversion, true, filter);
                yield sign(n.signum() < 0, flags) + digits(n.abs().toString(), precision);
            }
            case 'o', 'x', 'X' -> {
                BigInteger n = integral(value, conversion, false, filter);
                String digits = n.abs().toString(conversion == 'o' ? 8 : 16);
                String prefix = flags.contains("#") ? (conversion == 'o' ? "0o" : conversion == 'x' ? "0x" : "0X") : "";
                String text = prefix + digits(conversion == 'X' ? digits.toUpperCase() : digits, precision);
                yield sign(n.signum() < 0, flags) + text;
            }
            case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                Double d = value instanceof CharSequence ? null : Py.toFloatOrNull(value);
                if (d == null) {
                    throw new FilterError(filter, "must be real number, not " + Py.typeName(value));
                }
                yield floating(d, conversion, flags, precision < 0 ? 6 : precision);
            }
            default -> throw new FilterError(filter, "unsupported format character '" + conversion + "'");
        };
    }

    private static String precision(String s, int precision) {
        return precision >= 0 && precision < s.length() ? s.substring(0, precision) : s;
    }

    private static String digits(String digits, int precision) {
        return precision > digits.length() ? "0".repeat(precision - digits.length()) + digits : digits;
    }

    private static String sign(boolean negative, String flags) {
        return negative ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
    }

    private static BigInteger integral(Object value, char conversion, boolean floatsToo, String filter) {
        if (value instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (value instanceof BigInteger big) {
            return big;
        }
        if (Py.isInt(value)) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (floatsToo && Py.isFloat(value) && Double.isFinite(((Number) value).doubleValue())) {
            return new BigDecimal(((Number) value).doubleValue()).toBigInteger();
        }
        throw new FilterError(filter, "%" + conversion + " format: " + (floatsToo ? "a real number" : "an integer") + " is required, not "
                + Py.typeName(value));
    }

    /** %e, %f, %g of a double as CPython formats it. */
    static String floating(double d, char conversion, String flags, int precision) {
        boolean upper = Character.isUpperCase(conversion);
        boolean negative = d < 0 || (d == 0 && 1 / d < 0);
        String body;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            negative = d < 0;
            body = Double.isNaN(d) ? "nan" : "inf";
        } else {
            BigDecimal exact = new BigDecimal(Math.abs(d));
            body = switch (Character.toLowerCase(conversion)) {
                case 'f' -> fixed(exact, precision, flags.contains("#"));
                case 'e' -> exponent(exact, precision, flags.contains("#"));
                default -> general(exact, precision, flags.contains("#"));
            };
        }
        return sign(negative, flags) + (upper ? body.toUpperCase() : body);
    }

    private static String fixed(BigDecimal exact, int precision, boolean alternate) {
        String s = exact.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return precision == 0 && alternate ? s + "." : s;
    }

    private static String exponent(BigDecimal exact, int precision, boolean alternate) {
        if (exact.signum() == 0) {
            return (precision == 0 ? "0" + (alternate ? "." : "") : "0." + "0".repeat(precision)) + "e+00";
        }
        BigDecimal rounded = exact.round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
        int exp = rounded.precision() - rounded.scale() - 1;
        String digits = rounded.unscaledValue().toString();
        digits = (digits + "0".repeat(precision + 1)).substring(0, precision + 1);
        String mantissa = digits.substring(0, 1) + (precision > 0 || alternate ? "." : "") + digits.substring(1);
        return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }

    private static String general(BigDecimal exact, int precision, boolean alternate) {
        int p = precision == 0 ? 1 : precision;
        int exp;
        if (exact.signum() == 0) {
            exp = 0;
        } else {
            BigDecimal rounded = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            exp = rounded.precision() - rounded.scale() - 1;
        }
        String s = exp >= -4 && exp < p ? fixed(exact, p - 1 - exp, alternate) : exponent(exact, p - 1, alternate);
        if (alternate) {
            return s;
        }
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String rest = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return mantissa + rest;
    }

    private static String pad(String s, String flags, int width, boolean numeric) {
        int len = s.codePointCount(0, s.length());
        if (width <= len) {
            return s;
        }
        String fill = " ".repeat(width - len);
        if (flags.contains("-")) {
            return s + fill;
        }
        if (numeric && flags.contains("0")) {
            int signs = 0;
            while (signs < s.length() && "+- ".indexOf(s.charAt(signs)) >= 0) {
                signs++;
            }
            if (s.startsWith("0x", signs) || s.startsWith("0X", signs) || s.startsWith("0o", signs)) {
                signs += 2;
            }
            return s.substring(0, signs) + "0".repeat(width - len) + s.substring(signs);
        }
        return fill + s;
    }
}

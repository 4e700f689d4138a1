package dev.muster.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host entry as Ansible reads it: an optional {@code :port} split off the way
 * {@code parse_address} does, then {@code [a:b(:step)]} ranges expanded (numeric with zero padding,
 * or single letters). When the text is not a recognisable address the port is left in the name,
 * exactly as Ansible does. This is how the inventory declares hosts; choosing hosts from it is
 * {@link HostPattern}'s job.
 */
final class HostEntry {

    record Expansion(List<String> hosts, Integer port) {
    }

    private static final String NUMERIC_RANGE = "\\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String HEX_RANGE = "\\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\\]";
    private static final String ALNUM_RANGE = "\\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String V6 = "(?:[0-9a-f]{1,4}|" + HEX_RANGE + ")";
    private static final String V4 = "(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|" + NUMERIC_RANGE + ")";
    private static final String LABEL = "(?:[\\w]|" + ALNUM_RANGE + ")(?:[\\w_-]|" + ALNUM_RANGE + ")*(?<![_-])";

    private static final Pattern BRACKETED_HOSTPORT = Pattern.compile("^\\[(.+)\\]:([0-9]+)$");
    private static final Pattern HOSTPORT = Pattern.compile("^((?:[^:\\[\\]]|\\[[^\\]]*\\])*):([0-9]+)$");
    private static final Pattern IPV4 = Pattern.compile("^(?:" + V4 + "\\.){3}" + V4 + "$", Pattern.CASE_INSENSITIVE);
    // Ansible's IPv6 expression anchors only its first and last alternatives; matched from the start like re.match.
    private static final Pattern IPV6 = Pattern.compile(
            "(?:" + V6 + ":){7}" + V6
                    + "|(?:" + V6 + ":){1,6}:"
                    + "|(?:" + V6 + ":)(?::" + V6 + "){1,6}"
                    + "|(?:" + V6 + ":){2}(?::" + V6 + "){1,5}"
                    + "|(?:" + V6 + ":){3}(?::" + V6 + "){1,4}"
                    + "|(?:" + V6 + ":){4}(?::" + V6 + "){1,3}"
                    + "|(?:" + V6 + ":){5}(?::" + V6 + "){1,2}"
                    + "|(?:" + V6 + ":){6}(?::" + V6 + ")"
                    + "|:(?::" + V6 + "){1,6}"
                    + "|" + V6 + "?::"
                    + "|(?:0:){6}(?:" + V6 + "\\.){3}" + V6
                    + "|::(?:ffff:)?(?:" + V6 + "\\.){3}" + V6
                    + "|(?:0:){5}ffff:(?:" + V6 + "\\.){3}" + V6 + "$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HOSTNAME = Pattern.compile("^" + LABEL + "(?:\\." + LABEL + ")*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNICODE_CASE);
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private HostEntry() {
    }

    /** Splits the port off and expands ranges; throws BadInventory for a range Ansible rejects or we refuse. */
    static Expansion expand(String hostPattern) {
        Expansion address = splitPort(hostPattern);
        String pattern = address.hosts().get(0);
        List<String> hosts = pattern.contains("[") ? expandRanges(pattern) : List.of(pattern);
        return new Expansion(hosts, address.port());
    }

    /** The comma-separated host list form: a port is split off, ranges are not expanded. */
    static Expansion addressOnly(String text) {
        Expansion address = splitPort(text);
        return address.hosts().get(0).contains("[") ? new Expansion(List.of(text), null) : address;
    }

    /** Ansible's parse_address: when what remains is not a host name or IP address, nothing is split off. */
    private static Expansion splitPort(String text) {
        String address = text;
        Integer port = null;
        for (Pattern withPort : new Pattern[] {BRACKETED_HOSTPORT, HOSTPORT}) {
            Matcher m = withPort.matcher(address);
            if (m.matches()) {
                address = m.group(1);
                port = parsePort(m.group(2));
            }
        }
        return isAddress(address) ? new Expansion(List.of(address), port) : new Expansion(List.of(text), null);
    }

    private static Integer parsePort(String digits) {
        try {
            return Integer.valueOf(digits);
        } catch (NumberFormatException tooLong) {
            throw new BadInventory("port out of range: " + digits);
        }
    }

    private static boolean isAddress(String address) {
        return IPV4.matcher(address).lookingAt() || IPV6.matcher(address).lookingAt()
                || HOSTNAME.matcher(address).lookingAt();
    }

    /** Expands the first {@code [begin:end(:step)]} and recurses into the results, as Ansible does. */
    static List<String> expandRanges(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf(']');
        if (close < 0 || close < open || line.indexOf('[', open + 1) >= 0 && line.indexOf('[', open + 1) < close
                || line.indexOf('|') >= 0) {
            throw new BadInventory("invalid host range in '" + line + "': expected [begin:end] or [begin:end:step]");
        }
        String head = line.substring(0, open);
        String range = line.substring(open + 1, close);
        String tail = line.substring(close + 1);
        String[] bounds = range.split(":", -1);
        if (bounds.length != 2 && bounds.length != 3) {
            throw new BadInventory("host range must be begin:end or begin:end:step, got [" + range + "] in '" + line + "'");
        }
        String begin = bounds[0].isEmpty() ? "0" : bounds[0];
        String end = bounds[1];
        if (end.isEmpty()) {
            throw new BadInventory("host range must specify end value, got [" + range + "] in '" + line + "'");
        }
        int step = bounds.length == 3 ? parseInt(bounds[2], line) : 1;
        if (step <= 0) {
            throw new BadInventory("host range step must be a positive number, got [" + range + "] in '" + line + "'");
        }
        int width = 0;
        if (begin.charAt(0) == '0' && begin.length() > 1) {
            width = begin.length();
            if (width != end.length()) {
                throw new BadInventory("host range must specify equal-length begin and end formats, got ["
                        + range + "] in '" + line + "'");
            }
        }
        List<String> items = new ArrayList<>();
        int letterBegin = LETTERS.indexOf(begin);
        int letterEnd = LETTERS.indexOf(end);
        if (letterBegin >= 0 && letterEnd >= 0) {
            if (letterBegin > letterEnd) {
                throw new BadInventory("host range start '" + begin + "' is after its end '" + end + "' in '" + line + "'");
            }
            for (int i = letterBegin; i <= letterEnd; i += step) {
                items.add(String.valueOf(LETTERS.charAt(i)));
            }
        } else {
            int from = parseInt(begin, line);
            int to = parseInt(end, line);
            if (from > to) {
                throw new BadInventory("host range start " + begin + " is after its end " + end + " in '" + line + "'");
            }
            for (long i = from; i <= to; i += step) {
                String digits = Long.toString(i);
                items.add(digits.length() < width ? "0".repeat(width - digits.length()) + digits : digits);
            }
        }
        List<String> hosts = new ArrayList<>();
        for (String item : items) {
            String name = head + item + tail;
            if (name.contains("[")) {
                hosts.addAll(expandRanges(name));
            } else {
                hosts.add(name);
            }
        }
        return hosts;
    }

    private static int parseInt(String text, String line) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new BadInventory("host range bound '" + text + "' is neither a number nor a letter in '" + line + "'");
        }
    }
}

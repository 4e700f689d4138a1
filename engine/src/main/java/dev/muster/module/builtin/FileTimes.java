package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.ArgumentException;
import dev.muster.module.script.ModuleScript;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file module's {@code modification_time}/{@code access_time} as ansible-core's: {@code preserve} leaves the time,
 * {@code now} sets it (always a change), any other value is read with its {@code *_format} as Python's
 * {@code time.strptime} reads it and becomes a local time on the target ({@code time.mktime}), a change only when the
 * file's time is not exactly that second.
 */
final class FileTimes {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december");

    private FileTimes() {
    }

    /**
     * @param value  the argument as given; null takes the state's default (Ansible's: now for touch, else preserve)
     * @return "preserve", "now", or the local time "yyyy-MM-dd HH:mm:ss" for the target's touch and stat
     */
    static String resolve(String value, String format, String state) {
        if (value == null) {
            return state.equals("touch") ? "now" : "preserve";
        }
        if (value.equals("preserve") || value.equals("now")) {
            return value;
        }
        return strptime(value, format).format(LOCAL);
    }

    /** Python's time.strptime for the directives roles use (%Y %y %m %d %H %I %M %S %p %b %B %h %j %%); others are refused. */
    static LocalDateTime strptime(String value, String format) {
        List<Character> fields = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '%' && i + 1 < format.length()) {
                char d = format.charAt(++i);
                String part = switch (d) {
                    case 'Y' -> "(\\d{4})";
                    case 'y', 'm', 'd', 'H', 'I', 'M', 'S' -> "(\\d{1,2})";
                    case 'j' -> "(\\d{1,3})";
                    case 'p' -> "(am|pm)";
                    case 'b', 'h' -> "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)";
                    case 'B' -> "(" + String.join("|", MONTHS) + ")";
                    case '%' -> "%";
                    default -> throw new ArgumentException("the time format directive %" + d + " in '" + format + "' is not supported");
                };
                if (d != '%') {
                    fields.add(d == 'h' ? 'b' : d);
                }
                regex.append(part);
            } else if (Character.isWhitespace(c)) {
                regex.append("\\s+");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Matcher m = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(value);
        if (!m.lookingAt()) {
            throw error(value, format, "time data '" + value + "' does not match format '" + format + "'");
        }
        if (m.end() != value.length()) {
            throw error(value, format, "unconverted data remains: " + value.substring(m.end()));
        }
        int year = 1900;
        int month = 1;
        int day = 1;
        int hour = 0;
        int minute = 0;
        int second = 0;
        int yearDay = 0;
        Boolean pm = null;
        for (int g = 0; g < fields.size(); g++) {
            String text = m.group(g + 1).toLowerCase(Locale.ROOT);
            switch (fields.get(g)) {
                case 'Y' -> year = Integer.parseInt(text);
                case 'y' -> year = Integer.parseInt(text) + (Integer.parseInt(text) <= 68 ? 2000 : 1900);
                case 'm' -> month = Integer.parseInt(text);
                case 'd' -> day = Integer.parseInt(text);
                case 'H', 'I' -> hour = Integer.parseInt(text);
                case 'M' -> minute = Integer.parseInt(text);
                case 'S' -> second = Integer.parseInt(text);
                case 'j' -> yearDay = Integer.parseInt(text);
                case 'p' -> pm = text.equals("pm");
                case 'b' -> month = MONTHS.stream().map(n -> n.substring(0, 3)).toList().indexOf(text) + 1;
                case 'B' -> month = MONTHS.indexOf(text) + 1;
                default -> throw new IllegalStateException();
            }
        }
        if (pm != null && fields.contains('I')) {
            hour = hour % 12 + (pm ? 12 : 0);
        }
        try {
            LocalDateTime time = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59));
            return yearDay > 0 && !fields.contains('m') && !fields.contains('d') ? time.withDayOfYear(yearDay) : time;
        } catch (DateTimeException e) {
            throw error(value, format, e.getMessage());
        }
    }

    private static ArgumentException error(String value, String format, String why) {
        return new ArgumentException("Error while obtaining timestamp for time " + value + " using format " + format + ": " + why);
    }

    /**
     * Lines that bring the times of {@code $mu_t} to {@code mtime}/{@code atime} (as {@link #resolve} gives them),
     * recording the change "times"; nothing for preserve/preserve. One stat reads both times, only when a given time
     * must be compared; touch runs only for a change, outside check mode.
     */
    static void apply(ModuleScript s, String mtime, String atime) {
        if (mtime.equals("preserve") && atime.equals("preserve")) {
            return;
        }
        // the times before, as epoch seconds, for the diff (Ansible's before/after mtime and atime, in check mode too)
        s.line("mu_te=$(stat -c '%%.9Y|%%.9X' -- \"$mu_t\") || mu_fail \"cannot stat $mu_t\"");
        if (mtime.equals("now") && atime.equals("now")) {
            s.line("mu_now=$(date +%%s.%%N); mu_set mtime_before \"${mu_te%%|*}\"; mu_set mtime_after \"$mu_now\"; "
                    + "mu_set atime_before \"${mu_te#*|}\"; mu_set atime_after \"$mu_now\"");
            s.line("mu_change times; [ \"$mu_check\" = 1 ] || touch -- \"$mu_t\" || mu_fail %s", q("Error while updating modification or access time"));
            return;
        }
        s.line("mu_tc=0; mu_tt=$(stat -c '%%y|%%x' -- \"$mu_t\") || mu_fail \"cannot stat $mu_t\"");
        s.line("%s", check(mtime, "${mu_tt%|*}", "mtime", "${mu_te%|*}"));
        s.line("%s", check(atime, "${mu_tt#*|}", "atime", "${mu_te#*|}"));
        s.line("if [ $mu_tc = 1 ]; then mu_change times; if [ \"$mu_check\" != 1 ]; then %s%s:; fi; fi", touch("-m", mtime), touch("-a", atime));
    }

    /** The test of one time; a time that differs sets mu_tc and records NAME_before/NAME_after (epoch seconds) for the diff. */
    private static String check(String want, String current, String name, String epochBefore) {
        String record = "mu_tc=1; mu_set " + name + "_before \"" + epochBefore + "\"; mu_set " + name + "_after "
                + (want.equals("now") ? "\"$(date +%s.%N)\"" : "\"$(date -d " + q(want) + " +%s)\"");
        return switch (want) {
            case "preserve" -> ":";
            case "now" -> record;
            // stat's %y is the local time with nanoseconds: the same second and no fraction is the same time
            default -> "case \"" + current + "\" in " + q(want + ".000000000 ") + "*) ;; *) " + record + " ;; esac";
        };
    }

    private static String touch(String flag, String want) {
        String failure = " || mu_fail " + q("Error while updating modification or access time") + "; ";
        return switch (want) {
            case "preserve" -> "";
            case "now" -> "touch " + flag + " -- \"$mu_t\"" + failure;
            default -> "touch " + flag + " -d " + q(want) + " -- \"$mu_t\"" + failure;
        };
    }
}

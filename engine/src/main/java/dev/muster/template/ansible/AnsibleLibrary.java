package dev.muster.template.ansible;

import com.hubspot.jinjava.interpret.Context;

/**
 * Ansible's filters and tests on the Jinja engine (issue 15): the one place that registers them, so the
 * plan-time check and the renderer ask the same registry. Jinjava's built-ins of the same name are replaced:
 * theirs follow Jinjava's meaning (Java formatting, other defaults), these follow Jinja2's and Ansible's.
 */
public final class AnsibleLibrary {
    private AnsibleLibrary() {
    }

    /** Registers every Ansible filter and test Muster supports on this (Jinjava's global) context. */
    public static void registerOn(Context context) {
        TextFilters.all().forEach(context::registerFilter);
        RegexFilters.all().forEach(context::registerFilter);
        ListFilters.all().forEach(context::registerFilter);
        DataFilters.all().forEach(context::registerFilter);
        DictFilters.all().forEach(context::registerFilter);
        PathFilters.all().forEach(context::registerFilter);
        HashFilters.all().forEach(context::registerFilter);
        Tests.all().forEach(context::registerExpTest);
        BuiltinFilters.all().forEach(context::registerFilter);
        Lookups.registerOn(context);
        JinjavaOnly.refuseOn(context);
    }

    /**
     * Whether a filter, test, tag or function found in the registry is a Jinjava built-in that Muster refuses because
     * Jinja2 lacks it or means it otherwise (the plan-time check reports it as unsupported, not as known).
     */
    public static boolean isRefused(Object registered) {
        return JinjavaOnly.isRefused(registered);
    }

    /** Why a refused filter, test, tag or function ({@link #isRefused}) is refused, in the words the renderer uses. */
    public static String refusal(String kind, String name) {
        return JinjavaOnly.message(kind, name);
    }

    /** Python's repr() of a value, as Jinja2 prints a list or a dict: the one implementation templates and filters share. */
    public static String pythonRepr(Object value) {
        return Py.repr(value);
    }

    /**
     * Python's {@code text % operand} with an operand that is not written as a bracketed tuple ({@code '%02d' % n},
     * {@code '%(a)s' % mapping}): a mapping fills {@code %(key)s}, anything else (a list too, as in Python) is the one
     * value. The bracketed form is the format filter already ({@code JinjaSource}).
     */
    public static String percentFormat(String format, Object operand) {
        return PyFormat.percent(format, operand instanceof java.util.Map<?, ?> ? operand : new PyTuple(java.util.List.of(operand)), "%");
    }

    /** Python's {@code ==} (1 == 1.0 == True, 1 != '1', lists and dicts by content): the expressions' operator. */
    public static boolean pythonEquals(Object a, Object b) {
        return Py.eq(a, b);
    }

    /** Python's ordering of two values; values Python cannot order ('a' and 1, None) fail naming {@code operator}. */
    public static int pythonCompare(Object a, Object b, String operator) {
        try {
            return Py.compare(a, b, operator);
        } catch (FilterError e) {
            throw new FilterError(operator, "'" + operator + "' not supported between instances of '" + Py.typeName(a) + "' and '"
                    + Py.typeName(b) + "'");
        }
    }

    /** Python's str() of a value (None is "None", True "True", a list its repr): what Jinja's {@code ~} joins. */
    public static String pythonStr(Object value) {
        return Py.str(value);
    }
}

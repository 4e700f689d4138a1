package dev.muster.template.ansible;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.InvalidArgumentException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.TagNode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jinjava's own filters, tests, tags and functions that Jinja2 3.1 (and so Ansible) lacks or means otherwise: each is
 * replaced by one that fails with a message naming it, so a template that Ansible would refuse never renders here.
 * What Jinja2 has is either registered by this package with Jinja2's meaning, or kept from Jinjava where its meaning is
 * the same ({@link #KEPT}). Names the engine side registers itself (undefined handling) are left to it.
 */
public final class JinjavaOnly {
    /** Jinjava built-ins whose meaning is Jinja2's, or that the engine side owns (default, defined, ...). */
    private static final Set<String> KEPT_FILTERS = Set.of("default", "d", "mandatory");
    private static final Set<String> KEPT_TESTS = Set.of("defined", "undefined", "none");
    private static final Set<String> KEPT_TAGS = Set.of("for", "if", "elif", "else", "set", "macro", "call", "raw", "block",
            "extends", "include", "import", "from");
    private static final Set<String> KEPT_FUNCTIONS = Set.of("namespace", "lookup", "query", "q", "range", "dict", "caller", "loop");
    /** The longest list range() builds: Python's range is lazy, a list of more would only exhaust memory. */
    private static final long RANGE_LIMIT = 1_000_000;

    private JinjavaOnly() {
    }

    /** Refuses whatever is still Jinjava's after this package registered its own. */
    static void refuseOn(Context context) {
        for (Filter filter : new ArrayList<>(context.getAllFilters())) {
            if (!(filter instanceof AnsibleFilter) && !(filter instanceof Refusal) && !KEPT_FILTERS.contains(filter.getName())) {
                context.registerFilter(new RefusedFilter(filter.getName()));
            }
        }
        for (ExpTest test : new ArrayList<>(context.getAllExpTests())) {
            if (!(test instanceof AnsibleTest) && !(test instanceof Refusal) && !KEPT_TESTS.contains(test.getName())) {
                context.registerExpTest(new RefusedTest(test.getName()));
            }
        }
        for (Tag tag : new ArrayList<>(context.getAllTags())) {
            if (!KEPT_TAGS.contains(tag.getName()) && !(tag instanceof Refusal) && !tag.getName().startsWith("end")) {
                context.registerTag(new RefusedTag(tag.getName(), tag.getEndTagName()));
            }
        }
        try {
            context.registerFunction(new ELFunctionDefinition("", "range", JinjavaOnly.class.getMethod("range", Object[].class)));
            context.registerFunction(new ELFunctionDefinition("", "dict", JinjavaOnly.class.getMethod("dict", Object[].class)));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        for (ELFunctionDefinition function : new ArrayList<>(context.getAllFunctions())) {
            if (!KEPT_FUNCTIONS.contains(function.getLocalName()) || !function.getNamespace().isEmpty()) {
                context.registerFunction(new ELFunctionDefinition(function.getNamespace(), function.getLocalName(), refusing(function)));
            }
        }
    }

    /** Whether a registered filter, test, tag or function is one of these refusals. */
    static boolean isRefused(Object entry) {
        return entry instanceof Refusal
                || (entry instanceof ELFunctionDefinition function && function.getMethod().getDeclaringClass() == Functions.class);
    }

    /** A refusing method of the same name when there is one (the message names it), else the generic one. */
    private static Method refusing(ELFunctionDefinition function) {
        String name = (function.getNamespace().isEmpty() ? "" : function.getNamespace() + "_") + function.getLocalName();
        for (Method m : Functions.class.getMethods()) {
            if ((m.getName().equals(name) || m.getName().equals(name + "_")) && Modifier.isStatic(m.getModifiers())) {
                return m;
            }
        }
        try {
            return Functions.class.getMethod("jinjava_function", Object[].class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jinja2 built-ins Muster does not give Jinja2's meaning to: refused with their own reason. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "attr", "the filter 'attr' reads a Python attribute, which Muster's values do not have: use x.name or x['name']",
            "urlize", "the filter 'urlize' is not supported",
            "autoescape", "the tag 'autoescape' is not supported: Ansible renders with autoescaping off");

    static String message(String kind, String name) {
        if (UNSUPPORTED.containsKey(name)) {
            return UNSUPPORTED.get(name);
        }
        return "the " + kind + " '" + name + "' is Jinjava's, not Jinja2's: Ansible has no such " + kind + ", so Muster refuses it";
    }

    /** An error Jinjava reports with its message when a function throws it. */
    private static RuntimeException fail(String function, String message) {
        return new InvalidArgumentException(JinjavaInterpreter.getCurrent(), function, message);
    }

    /** Jinja2's range(): Python's start/stop/step, an error for a zero step. */
    public static Object range(Object... args) {
        List<Long> bounds = new ArrayList<>();
        for (Object a : args) {
            Long n = a instanceof Boolean || Py.isInt(a) ? Py.toIntOrNull(a, 10) : null;
            if (n == null) {
                throw fail("range", "range(): '" + Py.typeName(a) + "' object cannot be interpreted as an integer");
            }
            bounds.add(n);
        }
        if (bounds.isEmpty() || bounds.size() > 3) {
            throw fail("range", "range expected 1 to 3 arguments, got " + bounds.size());
        }
        long start = bounds.size() == 1 ? 0 : bounds.get(0);
        long stop = bounds.size() == 1 ? bounds.get(0) : bounds.get(1);
        long step = bounds.size() == 3 ? bounds.get(2) : 1;
        if (step == 0) {
            throw fail("range", "range() arg 3 must not be zero");
        }
        long count = step > 0 ? Math.max(0, Math.floorDiv(stop - start + step - 1, step)) : Math.max(0, Math.floorDiv(start - stop - step - 1, -step));
        if (count > RANGE_LIMIT) {
            throw fail("range", "range() of " + count + " numbers: Muster builds at most " + RANGE_LIMIT);
        }
        List<Object> out = new ArrayList<>();
        for (long i = 0, x = start; i < count; i++, x += step) {
            out.add(x);
        }
        return out;
    }

    /** Jinja2's dict(): Python's, from one mapping or list of pairs and keyword arguments ({@code dict(a=1, b=2)}). */
    public static Object dict(Object... args) {
        Map<Object, Object> out = new LinkedHashMap<>();
        int positional = 0;
        for (Object a : args) {
            if (a instanceof NamedParameter p) {
                out.put(p.getName(), p.getValue());
                continue;
            }
            if (++positional > 1) {
                throw fail("dict", "dict expected at most 1 argument, got " + positional);
            }
            if (a instanceof Map<?, ?> m) {
                out.putAll(m);
            } else {
                for (Object pair : Py.list(a, "dict")) {
                    List<Object> kv = Py.list(pair, "dict");
                    if (kv.size() != 2) {
                        throw fail("dict", "dictionary update sequence element has length " + kv.size() + "; 2 is required");
                    }
                    out.put(kv.get(0), kv.get(1));
                }
            }
        }
        return out;
    }

    /** Marks a refusal. */
    private interface Refusal {
    }

    private record RefusedFilter(String name) implements Filter, Refusal {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            throw new InterpretException(message("filter", name));
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            throw new InterpretException(message("filter", name));
        }
    }

    private record RefusedTest(String name) implements ExpTest, Refusal {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            throw new InterpretException(message("test", name));
        }
    }

    private record RefusedTag(String name, String endTagName) implements Tag, Refusal {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getEndTagName() {
            return endTagName;
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            throw new InterpretException(message("tag", name), tagNode.getLineNumber(), tagNode.getStartPosition());
        }
    }

    /** One refusing method per Jinjava function, so that the message names the function called. */
    public static final class Functions {
        private Functions() {
        }

        private static Object refuse(String name) {
            throw fail(name, message("function", name + "()"));
        }

        public static Object jinjava_function(Object... args) {
            throw fail("function", "a Jinjava function that Jinja2 lacks: Ansible has no such function, so Muster refuses it");
        }

        public static Object datetimeformat(Object... args) {
            return refuse("datetimeformat");
        }

        public static Object format_date(Object... args) {
            return refuse("format_date");
        }

        public static Object format_time(Object... args) {
            return refuse("format_time");
        }

        public static Object format_datetime(Object... args) {
            return refuse("format_datetime");
        }

        public static Object unixtimestamp(Object... args) {
            return refuse("unixtimestamp");
        }

        public static Object truncate(Object... args) {
            return refuse("truncate");
        }

        public static Object type(Object... args) {
            return refuse("type");
        }

        public static Object today(Object... args) {
            return refuse("today");
        }

        public static Object strtotime(Object... args) {
            return refuse("strtotime");
        }

        public static Object strtodate(Object... args) {
            return refuse("strtodate");
        }

        public static Object super_(Object... args) {
            return refuse("super");
        }

        public static Object fn_list(Object... args) {
            return refuse("fn:list");
        }

        public static Object fn_immutable_list(Object... args) {
            return refuse("fn:immutable_list");
        }

        public static Object fn_map_entry(Object... args) {
            return refuse("fn:map_entry");
        }
    }
}

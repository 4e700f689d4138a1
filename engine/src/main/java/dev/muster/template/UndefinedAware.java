package dev.muster.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;

/**
 * The filters and tests that may see an {@link UndefinedValue} without failing, as in Jinja2: {@code default}/{@code d}
 * (the default when the value is undefined or null, or, with a true second argument, false), {@code defined} and
 * {@code undefined}, and Ansible's {@code mandatory}. They replace Jinjava's, which read only null as undefined.
 */
final class UndefinedAware {
    private UndefinedAware() {
    }

    static void registerOn(Context context) {
        context.registerFilter(new DefaultFilter("default"));
        context.registerFilter(new DefaultFilter("d"));
        context.registerExpTest(new DefinedTest("defined", true));
        context.registerExpTest(new DefinedTest("undefined", false));
        context.registerFilter(new MandatoryFilter());
    }

    /** Only a name or attribute that does not exist: a variable set to None (YAML's ~) is defined, as in Ansible. */
    static boolean undefined(Object value) {
        return value instanceof UndefinedValue;
    }

    /** Ansible's {@code mandatory}: the value itself, or an error naming the undefined variable (or the given msg). */
    private static final class MandatoryFilter implements Filter {
        @Override
        public String getName() {
            return "mandatory";
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
            return filter(value, interpreter, (Object[]) args, java.util.Map.of());
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, Object[] args, java.util.Map<String, Object> kwargs) {
            if (value instanceof UndefinedValue undefined) {
                Object msg = args.length > 0 ? args[0] : kwargs.get("msg");
                throw new TemplateException(msg != null ? String.valueOf(msg) : "Mandatory variable '" + undefined.name() + "' not defined.");
            }
            return value;
        }
    }

    private record DefaultFilter(String getName) implements Filter {
        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
            return filter(value, interpreter, (Object[]) args, java.util.Map.of());
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, Object[] args, java.util.Map<String, Object> kwargs) {
            Object fallback = args.length > 0 ? args[0] : kwargs.getOrDefault("default_value", "");
            Object onFalse = args.length > 1 ? args[1] : kwargs.getOrDefault("boolean", false);
            if (undefined(value)) {
                return fallback;
            }
            if (com.hubspot.jinjava.util.ObjectTruthValue.evaluate(onFalse) && !com.hubspot.jinjava.util.ObjectTruthValue.evaluate(value)) {
                return fallback;
            }
            return value;
        }
    }

    private record DefinedTest(String getName, boolean defined) implements ExpTest {
        @Override
        public boolean evaluate(Object value, JinjavaInterpreter interpreter, Object... args) {
            return undefined(value) != defined;
        }
    }
}

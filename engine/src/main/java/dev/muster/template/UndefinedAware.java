package dev.muster.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;

/**
 * The filters and tests that may see an {@link UndefinedValue} without failing, as in Jinja2: {@code default}/{@code d}
 * (the default when the value is undefined or null, or, with a true second argument, false), {@code defined} and
 * {@code undefined}. They replace Jinjava's, which read only null as undefined.
 */
final class UndefinedAware {
    private UndefinedAware() {
    }

    static void registerOn(Context context) {
        context.registerFilter(new DefaultFilter("default"));
        context.registerFilter(new DefaultFilter("d"));
        context.registerExpTest(new DefinedTest("defined", true));
        context.registerExpTest(new DefinedTest("undefined", false));
    }

    static boolean undefined(Object value) {
        return value == null || value instanceof UndefinedValue;
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

package dev.muster.template;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlInfo;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * Conditions ({@code when}, {@code changed_when}, {@code failed_when}, {@code until}, {@code assert.that})
 * and {@code {{ expressions }}} in arguments: Ansible's grammar translated to JEXL, evaluated in a
 * sandbox. Only expressions: no assignment, loops, lambdas, {@code new}, pragmas; introspection
 * limited to JEXL's RESTRICTED set plus {@link ConditionFunctions}. An undefined variable is an
 * error naming it, except under {@code is defined} and {@code | default}.
 */
public final class Expressions {

    private static final JexlFeatures FEATURES = new JexlFeatures()
            .sideEffect(false).sideEffectGlobal(false).newInstance(false).loops(false).lambda(false)
            .localVar(false).annotation(false).pragma(false).importPragma(false).namespacePragma(false)
            .script(false).register(false).structuredLiteral(true).methodCall(true);

    private static final JexlEngine JEXL = new JexlBuilder()
            .permissions(new JexlPermissions.ClassPermissions(ConditionFunctions.class, StrictValues.StrictMap.class, StrictValues.StrictList.class))
            .features(FEATURES)
            .arithmetic(new AnsibleArithmetic())
            .namespaces(Map.of("m", ConditionFunctions.class))
            .strict(true).safe(false).silent(false)
            .cache(1024)
            .create();

    private static final Map<String, Compiled> CACHE = new ConcurrentHashMap<>();

    private Expressions() {
    }

    /** A parsed condition, ready to evaluate against any host's variables. */
    public record Compiled(String source, JexlExpression expression, ExpressionTranslator.Translated translated) {

        public Object evaluate(Map<String, Object> vars) {
            try {
                return StrictValues.unwrap(expression.evaluate(new VarsContext(vars)));
            } catch (JexlException.Variable e) {
                throw new TemplateException("undefined variable '" + e.getVariable().replace(ExpressionTranslator.RENAMED, "")
                        + "' in: " + source, column(e));
            } catch (JexlException.Property e) {
                throw new TemplateException("undefined attribute '" + e.getProperty() + "' in: " + source, column(e));
            } catch (JexlException e) {
                Throwable cause = e.getCause();
                while (cause != null && !(cause instanceof TemplateException)) {
                    cause = cause.getCause();
                }
                if (cause != null) {
                    throw (TemplateException) cause;
                }
                throw new TemplateException("cannot evaluate '" + source + "': " + brief(e), column(e));
            } catch (ArithmeticException | ClassCastException e) {
                throw new TemplateException("cannot evaluate '" + source + "': " + e.getMessage());
            }
        }

        public boolean test(Map<String, Object> vars) {
            return truthy(evaluate(vars));
        }

        private int column(JexlException e) {
            JexlInfo info = e.getInfo();
            return info == null ? 0 : translated.sourceColumn(info.getColumn());
        }
    }

    /** Parses a condition; bad syntax is a {@link TemplateException} whose column points into {@code source}. */
    public static Compiled compile(String source) {
        Compiled cached = CACHE.get(source);
        if (cached != null) {
            return cached;
        }
        if (source == null || source.isBlank()) {
            throw new TemplateException("empty expression", 1);
        }
        ExpressionTranslator.Translated translated = ExpressionTranslator.translate(source);
        try {
            JexlExpression expression = JEXL.createExpression(new JexlInfo("expression", 1, 1), translated.jexl());
            Compiled compiled = new Compiled(source, expression, translated);
            if (CACHE.size() < 10_000) {
                CACHE.put(source, compiled);
            }
            return compiled;
        } catch (JexlException e) {
            int column = e.getInfo() == null ? 0 : translated.sourceColumn(e.getInfo().getColumn());
            throw new TemplateException("syntax error in '" + source + "'" + (column > 0 ? " at column " + column : "") + ": " + brief(e), column);
        }
    }

    /** For the planner: the syntax error of a condition, if any, before any host is touched. */
    public static Optional<TemplateException> check(String source) {
        try {
            compile(source);
            return Optional.empty();
        } catch (TemplateException e) {
            return Optional.of(e);
        }
    }

    public static Object evaluate(String source, Map<String, Object> vars) {
        return compile(source).evaluate(vars);
    }

    public static boolean test(String source, Map<String, Object> vars) {
        return compile(source).test(vars);
    }

    /** Jinja's truth: null, false, 0, "" and empty collections are false; anything else is true. */
    public static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof CharSequence s) {
            return !s.isEmpty();
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    private static String brief(JexlException e) {
        String message = e.getMessage();
        // JEXL prefixes its messages with the place in Java code; the operator needs only the reason.
        String detail = message == null ? e.getClass().getSimpleName() : message;
        if (detail.contains("@")) {
            int colon = detail.indexOf(' ', detail.indexOf('@'));
            detail = colon > 0 ? detail.substring(colon + 1) : detail;
        }
        return detail.strip();
    }

    /** Read-only variables for one evaluation; ConditionFunctions reads them for defined/default. */
    record VarsContext(Map<String, Object> vars) implements JexlContext {

        @Override
        public Object get(String name) {
            String real = real(name);
            return StrictValues.wrap(vars.get(real), real);
        }

        private static String real(String name) {
            return name.startsWith(ExpressionTranslator.RENAMED) ? name.substring(ExpressionTranslator.RENAMED.length()) : name;
        }

        @Override
        public void set(String name, Object value) {
            throw new TemplateException("conditions cannot assign variables");
        }

        @Override
        public boolean has(String name) {
            return vars.containsKey(real(name));
        }
    }
}

package dev.muster.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.el.ext.AstDict;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.el.ext.PowerOfOperator;
import com.hubspot.jinjava.el.ext.StringConcatOperator;
import dev.muster.template.ansible.AnsibleLibrary;
import java.util.Properties;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.misc.NumberOperations;
import jinjava.de.odysseus.el.misc.TypeConverter;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstIdentifier;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstString;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ExpressionFactory;

/**
 * {@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=} with Python's meaning, and {@code *} repeating a
 * string or list, and {@code ~} joining Python's str() of both sides. Jinjava's operators are
 * EL's, which coerce one side to the other's type: {@code 4096 == 'unlimited'} fails ("cannot coerce"), {@code 1 == '1'}
 * and {@code '10' > 9} are true, where Jinja2 (Python) says False, False, and fails for the ordering. Roles compare
 * values of either type all the time ({@code limit.value == 'unlimited'}), so the parser builds these operators on
 * {@link AnsibleLibrary}'s Python equality and ordering instead (one owner of Python's meaning). An undefined operand
 * fails naming the variable, as Ansible's StrictUndefined.
 */
public final class PythonComparisons {

    private PythonComparisons() {
    }

    /** Jinjava whose expressions are parsed with these operators (templates and expressions alike). */
    static Jinjava jinjava(JinjavaConfig config) {
        return new Jinjava(config) {
            private final ExpressionFactory factory = factory();

            @Override
            public ExpressionFactory getExpressionFactory() {
                return factory;
            }
        };
    }

    /** As Jinjava makes its own factory, with this builder: Jinjava's syntax, Python's comparisons. */
    private static ExpressionFactory factory() {
        Properties properties = new Properties();
        properties.setProperty(TreeBuilder.class.getName(), Syntax.class.getName());
        return new ExpressionFactoryImpl(properties, new TruthyTypeConverter());
    }

    /** Jinjava's syntax builder, its parser making Python's comparisons (public: EL instantiates it by name). */
    public static final class Syntax extends ExtendedSyntaxBuilder {
        private static final long serialVersionUID = 1L;

        public Syntax() {
        }

        /** The features EL's factory reads from its properties (method invocations, varargs). */
        public Syntax(Builder.Feature... features) {
            super(features);
        }

        @Override
        protected Parser createParser(String expression) {
            ExtendedParser parser = new ExtendedParser(this, expression) {
                @Override
                protected AstBinary createAstBinary(AstNode left, AstNode right, AstBinary.Operator operator) {
                    return super.createAstBinary(left, right, python(operator));
                }

                @Override
                protected AstDict createAstDict(java.util.Map<AstNode, AstNode> dict) {
                    return new PythonDict(dict);
                }
            };
            parser.putExtensionHandler(PowerOfOperator.TOKEN,
                    new Parser.ExtensionHandler(PowerOfOperator.HANDLER.getExtensionPoint()) {
                        @Override
                        public AstNode createAstNode(AstNode... children) {
                            return new AstBinary(children[0], children[1], POW);
                        }
                    });
            parser.putExtensionHandler(StringConcatOperator.TOKEN,
                    new Parser.ExtensionHandler(StringConcatOperator.HANDLER.getExtensionPoint()) {
                        @Override
                        public AstNode createAstNode(AstNode... children) {
                            return new AstBinary(children[0], children[1], CONCAT);
                        }
                    });
            return parser;
        }
    }

    /**
     * A dict literal with Jinja's meaning: a key written as a name is that variable's value ({@code combine({item: true})}
     * keys by the item). Jinjava took the name itself as the text ({@code {'item': True}}), another value as success.
     * A name that is undefined fails naming it; one whose value is not text is refused (this engine's dicts have text
     * keys, and "3" is not Python's 3). Quoted and number keys are Jinjava's as before; any other expression as a key
     * stays Jinjava's error.
     */
    static final class PythonDict extends AstDict {
        PythonDict(java.util.Map<AstNode, AstNode> dict) {
            super(dict);
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            java.util.Map<AstNode, AstNode> keyed = new java.util.LinkedHashMap<>();
            for (java.util.Map.Entry<AstNode, AstNode> entry : dict.entrySet()) {
                AstNode key = entry.getKey();
                if (key instanceof AstIdentifier name) {
                    Object value = name.eval(bindings, context);
                    if (value instanceof UndefinedValue undefined) {
                        throw undefined.error();
                    }
                    if (!(value instanceof String text)) {
                        throw new TemplateException("the dict key '" + name.getName() + "' is the variable's value, "
                                + Jinja.pythonRepr(value) + ", and a computed key must be text here: write {'"
                                + name.getName() + "': ...} for the name itself, or convert it with | string");
                    }
                    key = new AstString(text);
                }
                keyed.put(key, entry.getValue());
            }
            return new AstDict(keyed).eval(bindings, context);
        }
    }

    private static AstBinary.Operator python(AstBinary.Operator operator) {
        if (operator == AstBinary.EQ) {
            return EQ;
        }
        if (operator == AstBinary.NE) {
            return NE;
        }
        if (operator == AstBinary.LT) {
            return LT;
        }
        if (operator == AstBinary.LE) {
            return LE;
        }
        if (operator == AstBinary.GT) {
            return GT;
        }
        if (operator == AstBinary.GE) {
            return GE;
        }
        if (operator == AstBinary.MUL) {
            return MUL;
        }
        if (operator == AstBinary.MOD) {
            return MOD;
        }
        return operator;
    }

    private static final AstBinary.Operator EQ = new Comparison("==") {
        @Override
        boolean holds(Object a, Object b) {
            return equal(a, b);
        }
    };
    private static final AstBinary.Operator NE = new Comparison("!=") {
        @Override
        boolean holds(Object a, Object b) {
            return !equal(a, b);
        }
    };

    /** Python's ==, the common cases (two integers, two strings: {@code result.rc == 0}) without the general path's numbers. */
    private static boolean equal(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return x.longValue() == y.longValue();
        }
        if (a instanceof String x && b instanceof String y) {
            return x.equals(y);
        }
        return AnsibleLibrary.pythonEquals(a, b);
    }
    private static final AstBinary.Operator LT = new Comparison("<") {
        @Override
        boolean holds(Object a, Object b) {
            return AnsibleLibrary.pythonCompare(a, b, "<") < 0;
        }
    };
    private static final AstBinary.Operator LE = new Comparison("<=") {
        @Override
        boolean holds(Object a, Object b) {
            return AnsibleLibrary.pythonCompare(a, b, "<=") <= 0;
        }
    };
    private static final AstBinary.Operator GT = new Comparison(">") {
        @Override
        boolean holds(Object a, Object b) {
            return AnsibleLibrary.pythonCompare(a, b, ">") > 0;
        }
    };
    private static final AstBinary.Operator GE = new Comparison(">=") {
        @Override
        boolean holds(Object a, Object b) {
            return AnsibleLibrary.pythonCompare(a, b, ">=") >= 0;
        }
    };

    /** Python's repetition ({@code 'x' * 3}, {@code [0] * 2}; EL read the text as a number); numbers multiply as before. */
    private static final AstBinary.Operator MUL = operator("*", PythonComparisons::multiply);

    private static Object multiply(TypeConverter converter, Object a, Object b) {
        if ((a instanceof CharSequence || a instanceof java.util.List<?>) && isInt(b)) {
            return repeat(a, ((Number) b).longValue());
        }
        if ((b instanceof CharSequence || b instanceof java.util.List<?>) && isInt(a)) {
            return repeat(b, ((Number) a).longValue());
        }
        if (fitsInLong(a) && fitsInLong(b)) {
            try {
                return Math.multiplyExact(((Number) a).longValue(), ((Number) b).longValue());
            } catch (ArithmeticException overflow) {
                throw tooLarge(a + " * " + b);
            }
        }
        return NumberOperations.mul(converter, a, b);
    }

    /**
     * Python's {@code %}: on text, string formatting ({@code '%02d' % n}: EL read the text as a number and failed); on
     * numbers, the remainder with the divisor's sign ({@code -7 % 3} is 2 in Python, -1 in Java: another number as
     * success).
     */
    private static final AstBinary.Operator MOD = operator("%", PythonComparisons::modulo);

    private static Object modulo(TypeConverter converter, Object a, Object b) {
        defined(a, b);
        if (a instanceof CharSequence format) {
            return AnsibleLibrary.percentFormat(format.toString(), b);
        }
        if (fitsInLong(a) && fitsInLong(b)) {
            long divisor = ((Number) b).longValue();
            if (divisor == 0) {
                throw new TemplateException("integer division or modulo by zero");
            }
            return Math.floorMod(((Number) a).longValue(), divisor);
        }
        double x = converter.convert(a, Double.class);
        double y = converter.convert(b, Double.class);
        if (y == 0) {
            throw new TemplateException("float modulo");
        }
        double r = x % y;
        return r != 0 && (r < 0) != (y < 0) ? r + y : r;
    }

    /**
     * Python's {@code **}: an integer to a non-negative integer power is exact, or refused when it does not fit in 64 bits
     * (Jinjava's saturated at Long.MAX_VALUE: {@code 10 ** 20} printed 9223372036854775807); anything else is a float.
     */
    private static final AstBinary.Operator POW = operator("**", PythonComparisons::power);

    private static Object power(TypeConverter converter, Object a, Object b) {
        defined(a, b);
        if (isInt(a) && isInt(b) && ((Number) b).longValue() >= 0) {
            java.math.BigInteger base = new java.math.BigInteger(a.toString());
            long exponent = ((Number) b).longValue();
            if (exponent > 4096 && base.abs().compareTo(java.math.BigInteger.ONE) > 0) {
                throw tooLarge(a + " ** " + b);
            }
            java.math.BigInteger power = base.pow((int) exponent);
            if (power.bitLength() > 63) {
                throw tooLarge(a + " ** " + b);
            }
            return power.longValue();
        }
        return Math.pow(converter.convert(a, Double.class), converter.convert(b, Double.class));
    }

    /** How a Python operator computes its value from the two operands. */
    private interface Computation {
        Object apply(TypeConverter converter, Object a, Object b);
    }

    /** An EL binary operator that computes as {@code computation} and prints as {@code symbol}. */
    private static AstBinary.Operator operator(String symbol, Computation computation) {
        return new AstBinary.SimpleOperator() {
            @Override
            protected Object apply(TypeConverter converter, Object a, Object b) {
                return computation.apply(converter, a, b);
            }

            @Override
            public String toString() {
                return symbol;
            }
        };
    }

    /** An undefined operand fails naming the variable, as Ansible's StrictUndefined does. */
    private static void defined(Object a, Object b) {
        if (a instanceof UndefinedValue undefined) {
            throw undefined.error();
        }
        if (b instanceof UndefinedValue undefined) {
            throw undefined.error();
        }
    }

    private static TemplateException tooLarge(String operation) {
        return new TemplateException(operation + " does not fit in 64 bits: Python's integers are unbounded, this engine's"
                + " are not, and a wrapped or saturated number would be another value");
    }

    /** Jinja's {@code ~}: Python's str() of both sides ({@code 'a' ~ none} is "aNone", {@code 1 ~ true} "1True"). */
    private static final AstBinary.Operator CONCAT = new AstBinary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            if (a instanceof NamedParameter named) {
                // Jinjava binds a keyword argument tighter than ~: random(seed=host ~ 'h') is seed=(host ~ 'h') in Jinja
                return new NamedParameter(named.getName(), apply(converter, named.getValue(), b));
            }
            defined(a, b);
            return AnsibleLibrary.pythonStr(a) + AnsibleLibrary.pythonStr(b);
        }

        @Override
        public String toString() {
            return "~";
        }
    };

    /** An integer Java's long holds (the common case of the arithmetic operators, done exactly with long). */
    private static boolean fitsInLong(Object v) {
        return isInt(v) && !(v instanceof java.math.BigInteger);
    }

    private static boolean isInt(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof java.math.BigInteger;
    }

    private static Object repeat(Object value, long times) {
        if (value instanceof CharSequence text) {
            return times <= 0 ? "" : text.toString().repeat(Math.toIntExact(times));
        }
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (long i = 0; i < times; i++) {
            out.addAll((java.util.List<?>) value);
        }
        return out;
    }

    private abstract static class Comparison extends AstBinary.SimpleOperator {
        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        abstract boolean holds(Object a, Object b);

        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            defined(a, b);
            return holds(a, b);
        }

        @Override
        public String toString() {
            return symbol;
        }
    }
}

package dev.muster.template;

import java.util.Collection;
import java.util.Map;
import org.apache.commons.jexl3.JexlArithmetic;

/**
 * JEXL arithmetic with Jinja's truth and membership: empty collections and strings are false,
 * a non-empty string is true (even "false", as in Jinja: use {@code | bool}), and {@code in}
 * (translated to =~) means substring, list element or mapping key rather than a regex match.
 */
public class AnsibleArithmetic extends JexlArithmetic {

    public AnsibleArithmetic() {
        super(true);
    }

    /** Jinja's list literals are lists: {@code [] | length}, {@code default([])} work like any list, never a Java array. */
    @Override
    public ArrayBuilder arrayBuilder(int size, boolean extended) {
        java.util.List<Object> items = new java.util.ArrayList<>(size);
        return new ArrayBuilder() {
            public void add(Object value) {
                items.add(value);
            }

            public Object create(boolean extended) {
                return items;
            }
        };
    }

    @Override
    public boolean toBoolean(Object value) {
        return Expressions.truthy(value);
    }

    @Override
    public Boolean contains(Object container, Object value) {
        if (container == null) {
            return false;
        }
        if (container instanceof String text) {
            return text.contains(String.valueOf(value));
        }
        if (container instanceof Map<?, ?> map) {
            return map.containsKey(value) || map.containsKey(String.valueOf(value));
        }
        if (container instanceof Collection<?> items) {
            for (Object item : items) {
                if (same(item, value)) {
                    return true;
                }
            }
            return false;
        }
        return super.contains(container, value);
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a == null ? b == null : a.equals(b);
    }
}

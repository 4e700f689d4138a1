package dev.muster.template;

import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import dev.muster.template.ansible.AnsibleLibrary;
import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Jinjava's read-only property resolution, with Ansible's undefined: a key a mapping does not have, or an index past a
 * list's end, is an {@link UndefinedValue} (Jinjava reads both as null, so {@code result.nope == 1} was merely false and
 * {@code d.missing is defined} true-ish), and an attribute of an undefined value is undefined too, as Ansible's
 * AnsibleUndefined chains: {@code a.b.c is defined} is false and {@code a.b.c | default(1)} is 1 when {@code a.b} is
 * missing. A property a Java value does not have (or may not show, such as a string's {@code class}) is undefined too.
 */
final class AnsibleResolver extends ELResolver {

    private final ELResolver delegate = JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY;

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base instanceof UndefinedValue undefined) {
            context.setPropertyResolved(true);
            return undefined;
        }
        if (base instanceof Map<?, ?> map && property != null && !map.containsKey(property)
                && !map.containsKey(String.valueOf(property))) {
            context.setPropertyResolved(true);
            return new UndefinedValue(String.valueOf(property), "'dict object' has no attribute '" + property + "'");
        }
        if (base instanceof List<?> list && property != null) {
            Long index = index(property);
            if (index != null && (index >= list.size() || index < -list.size())) {
                context.setPropertyResolved(true);
                return new UndefinedValue(String.valueOf(property), "list object has no element " + property);
            }
        }
        Object value;
        try {
            value = delegate.getValue(context, base, property);
        } catch (jinjava.javax.el.PropertyNotFoundException e) {
            value = null;
        }
        boolean element = base instanceof List && index(property) != null;
        if (value == null && base != null && !(base instanceof Map) && !element && property != null) {
            // a Java object's missing or restricted property (a string's "class"): Python has no such attribute
            context.setPropertyResolved(true);
            return new UndefinedValue(String.valueOf(property), "'" + typeName(base) + " object' has no attribute '" + property + "'");
        }
        return value;
    }

    private static String typeName(Object base) {
        return base instanceof CharSequence ? "str" : base instanceof Number ? "number" : base instanceof List ? "list" : "object";
    }

    private static Long index(Object property) {
        if (property instanceof Integer || property instanceof Long || property instanceof Short) {
            return ((Number) property).longValue();
        }
        if (property instanceof String text && text.matches("-?[0-9]{1,9}")) {
            return Long.parseLong(text);
        }
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return delegate.getType(context, base, property);
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        delegate.setValue(context, base, property, value);
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return delegate.getFeatureDescriptors(context, base);
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return delegate.getCommonPropertyType(context, base);
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base instanceof String text && method != null) {
            context.setPropertyResolved(true);
            return PyStrMethods.call(text, method.toString(), params == null ? new Object[0] : params);
        }
        if (base instanceof Map<?, ?> map && method != null && DICT_METHODS.contains(method.toString())) {
            context.setPropertyResolved(true);
            return dictMethod(map, method.toString(), params == null ? new Object[0] : params);
        }
        if (base instanceof List<?> list && method != null && LIST_QUERIES.contains(method.toString())) {
            context.setPropertyResolved(true);
            return listQuery(list, method.toString(), params == null ? new Object[0] : params);
        }
        return delegate.invoke(context, base, method, paramTypes, params);
    }

    private static final java.util.Set<String> LIST_QUERIES = java.util.Set.of("index", "count");

    /**
     * Python's list.index(x) and list.count(x), with Python's equality (a YAML 2 equals the expression's 2, which Java's
     * Integer and Long do not): Java's indexOf gave -1 for an element that is there, and index raises for one that is not.
     */
    private static Object listQuery(List<?> list, String method, Object[] args) {
        if (args.length != 1) {
            throw new TemplateException("list." + method + "() takes one argument here, " + args.length + " given");
        }
        long count = 0;
        for (int i = 0; i < list.size(); i++) {
            if (AnsibleLibrary.pythonEquals(list.get(i), args[0])) {
                if (method.equals("index")) {
                    return (long) i;
                }
                count++;
            }
        }
        if (method.equals("index")) {
            throw new TemplateException(Jinja.pythonRepr(args[0]) + " is not in list");
        }
        return count;
    }

    private static final java.util.Set<String> DICT_METHODS = java.util.Set.of("keys", "values", "items", "get");

    /** Python's dict.keys()/values()/items()/get() as lists Ansible's filters can sort and compare (items are pairs). */
    private static Object dictMethod(Map<?, ?> map, String method, Object[] args) {
        return switch (method) {
            case "keys" -> new java.util.ArrayList<Object>(map.keySet());
            case "values" -> new java.util.ArrayList<Object>(map.values());
            case "items" -> {
                java.util.List<Object> items = new java.util.ArrayList<>();
                map.forEach((k, v) -> items.add(java.util.Arrays.asList(k, v)));
                yield items;
            }
            default -> {
                Object key = args.length > 0 ? args[0] : null;
                yield map.containsKey(key) ? map.get(key) : args.length > 1 ? args[1] : null;
            }
        };
    }
}

package dev.muster.template.ansible;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.InvalidArgumentException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.objects.collections.PyList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Ansible (or Jinja2) test on Jinjava ({@code x is name(args)}). Jinjava hands keyword arguments to tests
 * as NamedParameter values among the positional ones; they are bound by name like a filter's.
 */
record AnsibleTest(String name, String spec, Body body) implements ExpTest {

    interface Body {
        boolean test(Object value, Args args, JinjavaInterpreter interpreter);
    }

    interface Simple {
        boolean test(Object value, Args args);
    }

    static AnsibleTest of(String name, String spec, Simple body) {
        return new AnsibleTest(name, spec, (value, args, interpreter) -> body.test(value, args));
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
        List<Object> positional = new ArrayList<>();
        Map<String, Object> keywords = new LinkedHashMap<>();
        for (Object arg : arguments(args)) {
            if (arg instanceof NamedParameter p) {
                keywords.put(p.getName(), p.getValue());
            } else {
                positional.add(arg);
            }
        }
        try {
            return body.test(var, Args.bind(name, spec, positional.toArray(), keywords), interpreter);
        } catch (FilterError e) {
            throw new InvalidArgumentException(interpreter, name, e.getMessage());
        } catch (InvalidArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidArgumentException(interpreter, name, name + ": " + e);
        }
    }

    /**
     * Jinjava reads {@code x is t(a, b)} as the test t applied to the tuple {@code (a, b)}: a PyList (a list
     * literal is a SizeLimitingPyList). Such a tuple is unpacked into the arguments when the test takes several
     * or when it carries a keyword argument; a test of one list argument ({@code subset([1, 2])}) keeps its list.
     */
    private Object[] arguments(Object[] args) {
        if (args == null) {
            return new Object[0];
        }
        if (args.length == 1 && args[0] != null && args[0].getClass() == PyList.class) {
            List<?> tuple = (List<?>) args[0];
            boolean severalParameters = spec.trim().split("\\s+").length > 1;
            if (severalParameters || tuple.stream().anyMatch(NamedParameter.class::isInstance)) {
                return tuple.toArray();
            }
        }
        return args;
    }

    @Override
    public boolean evaluateNegated(Object var, JinjavaInterpreter interpreter, Object... args) {
        return !evaluate(var, interpreter, args);
    }
}

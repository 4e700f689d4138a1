package dev.muster.template.ansible;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.InvalidArgumentException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
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
        for (Object arg : args == null ? new Object[0] : args) {
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

    @Override
    public boolean evaluateNegated(Object var, JinjavaInterpreter interpreter, Object... args) {
        return !evaluate(var, interpreter, args);
    }
}

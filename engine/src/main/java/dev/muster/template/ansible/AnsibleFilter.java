package dev.muster.template.ansible;

import com.hubspot.jinjava.interpret.InvalidArgumentException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import java.util.Map;

/**
 * One Ansible (or Jinja2) filter on Jinjava: its name, its Python signature and its body. Whatever the body
 * throws reaches Jinjava as an InvalidArgumentException naming the filter, which Jinjava turns into a fatal
 * TemplateError the engine reports with the template's position.
 */
record AnsibleFilter(String name, String spec, Body body) implements AdvancedFilter {

    interface Body {
        Object apply(Object value, Args args, JinjavaInterpreter interpreter);
    }

    interface Simple {
        Object apply(Object value, Args args);
    }

    static AnsibleFilter of(String name, String spec, Simple body) {
        return new AnsibleFilter(name, spec, (value, args, interpreter) -> body.apply(value, args));
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        try {
            return body.apply(var, Args.bind(name, spec, args == null ? new Object[0] : args, kwargs == null ? Map.of() : kwargs), interpreter);
        } catch (FilterError e) {
            throw new InvalidArgumentException(interpreter, name, e.getMessage());
        } catch (InvalidArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidArgumentException(interpreter, name, name + ": " + e);
        }
    }
}

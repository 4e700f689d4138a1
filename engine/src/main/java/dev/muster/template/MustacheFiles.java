package dev.muster.template;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.Wrapper;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mustache (mustache.java), for template files that ask for it by a {@code .mustache} name, and argument text with
 * mustache sections: {@code {{name}}}, dotted names, sections over
 * lists and mappings, inverted sections. HTML escaping is off: configuration files want
 * {@code <>&"'} as they are. Strict: an undefined name is an error naming it.
 */
public final class MustacheFiles {

    private static final DefaultMustacheFactory FACTORY = new DefaultMustacheFactory() {
        // Partials ({{> name}}) would read any file or class path resource of the controller into a
        // target's file: they are refused, and a template is one self-contained file.
        @Override
        public java.io.Reader getReader(String resourceName) {
            throw new TemplateException("partials ({{> " + resourceName + "}}) are not supported: put the text in the template");
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new MustacheException("cannot write", e);
            }
        }
    };

    static {
        FACTORY.setObjectHandler(new StrictObjectHandler());
    }

    private static final Map<String, Mustache> COMPILED = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Mustache> eldest) {
            return size() > 256;
        }
    });

    private MustacheFiles() {
    }

    /** Renders mustache text strictly, without HTML escaping. */
    public static String render(String template, Map<String, Object> vars) {
        Mustache mustache = COMPILED.computeIfAbsent(template, t -> {
            try {
                return FACTORY.compile(new StringReader(t), "template");
            } catch (MustacheException e) {
                throw new TemplateException("template syntax error: " + e.getMessage());
            }
        });
        StringWriter out = new StringWriter();
        try {
            mustache.execute(out, vars);
        } catch (MustacheException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof TemplateException)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                throw (TemplateException) cause;
            }
            throw new TemplateException("cannot render template: " + e.getMessage());
        }
        return out.toString();
    }

    /** Mustache's lookup, but an undefined name stops the rendering with an error that names it. */
    private static final class StrictObjectHandler extends ReflectionObjectHandler {
        @Override
        public Wrapper find(String name, List<Object> scopes) {
            Wrapper wrapper = super.find(name, scopes);
            if (wrapper instanceof MissingWrapper) {
                throw new TemplateException("undefined variable '" + name + "' in template");
            }
            return wrapper;
        }
    }
}

package dev.muster.template;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.Wrapper;
import dev.muster.module.TaskContext;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Templating for arguments and template files.
 * <ul>
 * <li>Template files are mustache (mustache.java): {@code {{name}}}, dotted names, sections over
 * lists and mappings, inverted sections. HTML escaping is off: configuration files want
 * {@code <>&"'} as they are. Strict: an undefined name is an error naming it.</li>
 * <li>Arguments: each {@code {{ expression }}} is evaluated with {@link Expressions} (so filters
 * and indexing work: {@code {{ groups['tower'][0] }}}, {@code {{ port | int }}}); a value that is
 * exactly one {@code {{ expression }}} keeps the expression's type (list, mapping, number), like
 * Ansible. Text with mustache sections is rendered as a template.</li>
 * </ul>
 */
public final class Templates {

    private static final Pattern WHOLE = Pattern.compile("^\\s*\\{\\{(?![#^/!>&{])(.*?)}}\\s*$", Pattern.DOTALL);
    private static final Pattern PART = Pattern.compile("\\{\\{(?![#^/!>&{])(.*?)}}", Pattern.DOTALL);
    private static final Pattern SECTION = Pattern.compile("\\{\\{\\s*[#^/>]");

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

    private Templates() {
    }

    /** The renderer the executor puts in {@link TaskContext}. */
    public static TaskContext.Renderer renderer() {
        return Templates::render;
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

    /**
     * Renders every string inside {@code value} (lists and mappings walked, other values kept).
     * A string that is exactly one {@code {{ expression }}} becomes the expression's value itself.
     */
    public static Object renderValue(Object value, Map<String, Object> vars) {
        if (value instanceof String text) {
            return renderString(text, vars);
        }
        if (value instanceof List<?> list) {
            List<Object> rendered = new ArrayList<>(list.size());
            list.forEach(item -> rendered.add(renderValue(item, vars)));
            return rendered;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            map.forEach((k, v) -> rendered.put(String.valueOf(renderValue(String.valueOf(k), vars)), renderValue(v, vars)));
            return rendered;
        }
        return value;
    }

    /** Whether a value needs rendering at all (the planner can skip the rest). */
    public static boolean isTemplated(Object value) {
        if (value instanceof String text) {
            return text.contains("{{");
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(Templates::isTemplated);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(e -> isTemplated(e.getKey()) || isTemplated(e.getValue()));
        }
        return false;
    }

    private static Object renderString(String text, Map<String, Object> vars) {
        if (!text.contains("{{")) {
            return text;
        }
        if (SECTION.matcher(text).find()) {
            return render(text, vars);
        }
        Matcher whole = WHOLE.matcher(text);
        if (whole.matches() && !whole.group(1).contains("{{")) {
            return Expressions.evaluate(whole.group(1).strip(), vars);
        }
        Matcher part = PART.matcher(text);
        StringBuilder out = new StringBuilder();
        while (part.find()) {
            part.appendReplacement(out, Matcher.quoteReplacement(stringify(Expressions.evaluate(part.group(1).strip(), vars))));
        }
        part.appendTail(out);
        return out.toString();
    }

    /** How a value reads inside text: null as empty, whole numbers without ".0". */
    public static String stringify(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
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

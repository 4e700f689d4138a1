package dev.muster.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.UnknownTokenException;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.TextNode;
import dev.muster.template.ansible.AnsibleLibrary;
import dev.muster.template.ansible.LookupEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one Jinja engine (HubSpot's Jinjava), set up once per whitespace mode ({@code trim_blocks} x {@code lstrip_blocks}:
 * at most four engines for the whole process, never one per call), with Ansible's filters and tests registered
 * ({@link AnsibleLibrary#registerOn}). Templates are parsed once per text and the tree is rendered with each host's
 * variables. The sandbox: no template can read a file or a class path resource ({@code include}, {@code import},
 * {@code extends} are refused), no nested interpretation (a value that holds {@code {{ }}} is text, never rendered
 * again), no Java methods or properties beyond Jinjava's own restrictions plus {@code getClass}/{@code class} and
 * Python's dunder names.
 */
public final class Jinja {

    /** Whitespace handling of a template (Jinja2's environment options that Ansible's template module exposes). */
    public record Whitespace(boolean trimBlocks, boolean lstripBlocks) {
        /** Ansible's template module: trim_blocks on, lstrip_blocks off. */
        public static final Whitespace ANSIBLE = new Whitespace(true, false);
    }

    private static final Map<Whitespace, Jinja> ENGINES = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 5_000;
    private static final int RETIRE_AFTER = 10_000;

    private final Jinjava jinjava;
    private final boolean trimBlocks;
    private final boolean lstripBlocks;
    private static final Pattern LOOP_NEIGHBOUR = Pattern.compile("(?<![\\w.])loop\\.(?:previtem|nextitem)\\b");
    private final Map<String, Node> parsed = new ConcurrentHashMap<>();
    /** Each thread's expression interpreter when no evaluation is using it. */
    private final ThreadLocal<PythonInterpreter> idle = new ThreadLocal<>();

    private Jinja(Whitespace whitespace) {
        this.trimBlocks = whitespace.trimBlocks();
        this.lstripBlocks = whitespace.lstripBlocks();
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(whitespace.trimBlocks())
                .withLstripBlocks(whitespace.lstripBlocks())
                .withFailOnUnknownTokens(true)
                .withNestedInterpretationEnabled(false)
                .withEnableRecursiveMacroCalls(false)
                .withReadOnlyResolver(true)
                .withRestrictedMethods(Set.of("getClass", "class", "forName", "newInstance", "invoke", "exec", "wait", "notify",
                        "notifyAll", "clone", "finalize"))
                .withRestrictedProperties(Set.of("class", "__class__", "__mro__", "__subclasses__", "__globals__", "__dict__",
                        "__init__", "__builtins__", "classLoader", "declaringClass", "module"))
                .withMaxOutputSize(256L * 1024 * 1024)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withKeepNullableLoopValues(true)
                        .withIterateOverMapKeys(true)
                        .build())
                .withInterperterFactory(new PythonOutput())
                .withElResolver(new AnsibleResolver())
                .build();
        jinjava = PythonComparisons.jinjava(config);
        // include/import/extends read only what the template module's render allows (TemplateFiles.withFiles: the
        // role's and playbook's templates, as Ansible's search path); anywhere else they are refused, never a class path
        // resource or another controller file
        jinjava.setResourceLocator((name, charset, interpreter) -> {
            java.util.function.Function<String, String> files = TemplateFiles.includes();
            if (files == null) {
                throw new TemplateException("'" + name + "': include, import and extends are only supported in template files");
            }
            String text = files.apply(name);
            if (text == null) {
                throw new TemplateException("the template '" + name + "' was not found");
            }
            // read as Jinja2's loader gives it to a template (keep_trailing_newline off): \r\n and \r as \n, and
            // the last newline dropped, so that an included line does not end in two
            String source = text.replace("\r\n", "\n").replace('\r', '\n');
            return source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
        });
        AnsibleLibrary.registerOn(jinjava.getGlobalContext());
        UndefinedAware.registerOn(jinjava.getGlobalContext());
    }

    /** The engine for this whitespace mode, made once. */
    public static Jinja of(Whitespace whitespace) {
        return ENGINES.computeIfAbsent(whitespace, Jinja::new);
    }

    /** The registry of filters, tests and functions every template and expression is checked against. */
    public Context registry() {
        return jinjava.getGlobalContext();
    }

    /** Renders Jinja text with {@code vars}; an error (syntax, undefined variable, a filter's) is a {@link TemplateException}. */
    public String render(String text, Map<String, Object> vars) {
        return render(text, vars, Map.of());
    }

    /**
     * Renders with {@code extra} over {@code vars} (the template module's own variables, such as ansible_managed), as
     * two scopes: the variables are never copied (they may be computed lazily).
     */
    public String render(String text, Map<String, Object> vars, Map<String, Object> extra) {
        return render(text, vars, extra, null);
    }

    /** Renders with {@code lookups} (when not null) bound for {@code lookup()}/{@code query()}. */
    public String render(String text, Map<String, Object> vars, Map<String, Object> extra, LookupEnvironment lookups) {
        Node tree = parse(text);
        if (extra.isEmpty() && textAndExpressionsOnly(tree)) {
            // most templated arguments ("{{ root }}/conf"): no statement can leave state (blocks, macros, set) in the
            // interpreter, so the thread's reused one renders them; making one per render was a quarter of a 30-host
            // no-op run's templating time
            PythonInterpreter interpreter = borrow(vars, lookups);
            try {
                return renderTree(interpreter, tree);
            } finally {
                giveBack(interpreter, lookups);
            }
        }
        Context context = new Context(jinjava.getGlobalContext(), extra);
        if (lookups != null) {
            LookupEnvironment.bind(context, lookups);
        }
        // the variables are read through the interpreter, one name at a time: Jinjava's Context copies its bindings,
        // which would compute every lazy variable (and follow hostvars around in circles)
        PythonInterpreter interpreter = new PythonInterpreter(jinjava, context, jinjava.getGlobalConfig(), vars);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            return renderTree(interpreter, tree);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    /** Renders a parsed template with an interpreter already current; any failure in this engine's words. */
    private static String renderTree(PythonInterpreter interpreter, Node tree) {
        try {
            String out = interpreter.render(tree);
            fatal(interpreter.getErrorsCopy());
            return out;
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(e, null, "cannot render template");
        }
    }

    /**
     * A Jinjava failure in this engine's words: the TemplateException inside it if there is one, an undefined name
     * (in {@code expression}, or as Jinjava's message names it when null), or what could not be done and why.
     */
    private static TemplateException failure(RuntimeException e, String expression, String cannot) {
        TemplateException known = cause(e);
        if (known != null) {
            return known;
        }
        if (e instanceof UnknownTokenException) {
            String where = expression != null ? expression : e.getMessage().replace("Unknown token found: ", "");
            return new TemplateException("undefined variable in '" + where + "'");
        }
        return new TemplateException(cannot + ": " + e.getMessage());
    }

    /**
     * Evaluates one expression (without braces) to its value, with Jinja's meaning and Ansible's strict undefined:
     * an undefined variable or attribute is an error naming it, except under {@code is defined} and {@code default}.
     */
    public Object evaluate(String expression, Map<String, Object> vars, LookupEnvironment lookups) {
        PythonInterpreter interpreter = borrow(vars, lookups);
        try {
            Object value = interpreter.resolveELExpression(expression, 1);
            fatal(interpreter.getErrorsCopy());
            if (value instanceof UndefinedValue undefined) {
                throw undefined.error();
            }
            return Native.of(value);
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(e, expression, "cannot evaluate '" + expression + "'");
        } finally {
            giveBack(interpreter, lookups);
        }
    }

    /**
     * The thread's idle interpreter (or a new one), bound to {@code vars} and {@code lookups} and made current: making
     * one (its context, its EL resolver with every function bound) cost more than most evaluations. A nested evaluation
     * (a lazily templated variable read during this one) finds none idle and makes its own.
     */
    private PythonInterpreter borrow(Map<String, Object> vars, LookupEnvironment lookups) {
        PythonInterpreter interpreter = idle.get();
        if (interpreter == null) {
            interpreter = new PythonInterpreter(jinjava, new Context(jinjava.getGlobalContext()), jinjava.getGlobalConfig(), Map.of());
        } else {
            idle.remove();
        }
        if (lookups != null) {
            LookupEnvironment.bind(interpreter.getContext(), lookups);
        }
        interpreter.vars = vars;
        JinjavaInterpreter.pushCurrent(interpreter);
        return interpreter;
    }

    /** Ends a {@link #borrow}: the bindings and errors cleared, the interpreter idle again for this thread. */
    private void giveBack(PythonInterpreter interpreter, LookupEnvironment lookups) {
        JinjavaInterpreter.popCurrent();
        interpreter.vars = Map.of();
        if (lookups != null) {
            LookupEnvironment.unbind(interpreter.getContext());
        }
        while (interpreter.getLastError().isPresent()) {
            interpreter.removeLastError();
        }
        // the context remembers every name and expression it resolved (Jinjava's bookkeeping, not clearable):
        // an interpreter is retired after a while so a long-lived process does not grow
        if (++interpreter.uses < RETIRE_AFTER) {
            idle.set(interpreter);
        }
    }

    /** Whether a parsed template is only text and {@code {{ }}} expressions: no tag, so no state a render leaves behind. */
    private static boolean textAndExpressionsOnly(Node tree) {
        for (Node child : tree.getChildren()) {
            if (!(child instanceof TextNode) && !(child instanceof ExpressionNode)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses one expression without evaluating it: a syntax error is a {@link TemplateException} whose column points
     * into {@code expression}.
     */
    public void parseExpression(String expression) {
        JinjaSource source = JinjaSource.of(expression);
        JinjavaInterpreter interpreter = parser();
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            // the functions bound as the interpreter's own resolver binds them, so a call parses as it will evaluate
            com.hubspot.jinjava.el.JinjavaELContext context = new com.hubspot.jinjava.el.JinjavaELContext(interpreter,
                    new com.hubspot.jinjava.el.JinjavaInterpreterResolver(interpreter));
            for (com.hubspot.jinjava.lib.fn.ELFunctionDefinition function : jinjava.getGlobalContext().getAllFunctions()) {
                context.setFunction(function.getNamespace(), function.getLocalName(), function.getMethod());
            }
            jinjava.getExpressionFactory().createValueExpression(context, "#{" + source.jinjava() + "}", Object.class);
        } catch (jinjava.de.odysseus.el.tree.TreeBuilderException e) {
            int column = source.sourceColumn(Math.max(0, e.getPosition() - 2));
            throw new TemplateException("syntax error in '" + expression + "' at column " + column + ": "
                    + (e.getEncountered() == null ? e.getMessage() : "unexpected " + e.getEncountered()
                    + (e.getExpected() == null ? "" : ", expected " + e.getExpected())), column);
        } catch (RuntimeException e) {
            throw new TemplateException("syntax error in '" + expression + "': " + e.getMessage(), 1);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    /**
     * The expression of a text that is exactly one {@code {{ expression }}} (its value keeps its type, as in Ansible),
     * or null for any other text. Read with the braces of dict literals counted, as Jinja2's lexer does, so
     * {@code {{ {'a': {'b': 1}} }}} is one expression (Jinjava's tokenizer would end it at the first "}}").
     */
    public String singleExpression(String text) {
        if (!text.startsWith("{{") || !text.endsWith("}}") || text.length() < 4) {
            return null;
        }
        String inner = text.substring(2, text.length() - 2);
        int depth = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\'' || c == '"') {
                int end = TopLevel.quoteEnd(inner, i);
                if (end < 0) {
                    return null;
                }
                i = end - 1;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth < 0) {
                return null;
            }
        }
        return depth != 0 || inner.isBlank() ? null : inner.strip();
    }

    /** The parsed tree of a template text; a syntax error (or an unknown tag) is a {@link TemplateException}. */
    public Node parseTemplate(String text) {
        return parse(text);
    }

    /** Parses once per text: the tree does not depend on the variables. Syntax errors are reported at render. */
    private Node parse(String text) {
        Node cached = parsed.get(text);
        if (cached != null) {
            return cached;
        }
        JinjavaInterpreter interpreter = parser();
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            Node tree = interpreter.parse(LoopFilters.apply(SetUnpacking.apply(ExpressionWhitespace.apply(text, trimBlocks))));
            fatal(interpreter.getErrorsCopy());
            refuseForElse(tree);
            Matcher neighbour = LOOP_NEIGHBOUR.matcher(text);
            if (neighbour.find()) {
                // Jinjava's loop object has neither: they read as undefined, so '| default(...)' printed the default
                throw new TemplateException("'" + neighbour.group() + "' is not supported (Jinjava's loop has no previtem"
                        + " or nextitem): index the list with loop.index0 instead");
            }
            if (lstripBlocks && text.contains("{%+")) {
                // Jinja2 leaves the spaces before a {%+ tag under lstrip_blocks; Jinjava strips them anyway
                throw new TemplateException("'{%+' (keep the spaces before a tag) is not supported with lstrip_blocks:"
                        + " Jinjava would strip them; put the spaces in the text, or turn lstrip_blocks off for this file");
            }
            if (parsed.size() >= CACHE_LIMIT) {
                parsed.clear();
            }
            parsed.put(text, tree);
            return tree;
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    /**
     * An interpreter to parse with, over a child of the global context. Not {@code jinjava.newInterpreter()}: that
     * copies the global context, registering Jinjava's whole default library again by reflection (1-3 ms each
     * time in a JVM still warming up, and the plan parses every expression of the playbook).
     */
    private JinjavaInterpreter parser() {
        return new PythonInterpreter(jinjava, new Context(jinjava.getGlobalContext()), jinjava.getGlobalConfig());
    }

    /**
     * Jinja2's {@code {% for %} ... {% else %} ... {% endfor %}} renders the else part when the loop ran no iteration.
     * Jinjava has no such else: it renders that part inside every iteration and nothing for an empty list, a
     * different file reported as success. So it is refused, naming the line, until it can be rendered as Jinja2 does.
     */
    private static void refuseForElse(Node node) {
        if (node instanceof TagNode loop && loop.getName().equals("for")) {
            for (Node child : loop.getChildren()) {
                if (child instanceof TagNode other && other.getName().equals("else")) {
                    throw new TemplateException("'{% else %}' of a '{% for %}' loop (template line " + child.getLineNumber()
                            + ") is not supported: Jinjava would render it inside every iteration; test the list with"
                            + " '{% if %}' around the loop instead");
                }
            }
        }
        for (Node child : node.getChildren()) {
            refuseForElse(child);
        }
    }

    /** Throws the first fatal error; Jinjava records errors rather than throwing them. */
    private static void fatal(List<TemplateError> errors) {
        for (TemplateError error : errors) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL || renderedAnyway(error)) {
                TemplateException known = error.getException() == null ? null : cause(error.getException());
                if (known != null) {
                    throw known;
                }
                throw new TemplateException(describe(error));
            }
        }
    }

    /**
     * Errors Jinjava reports as warnings and renders past: an unknown filter, test, function or tag printed nothing in
     * its place, and output or a collection over Jinjava's limits was cut short. The plan refuses unknown names first;
     * this keeps any that reach a render (a variable's value, a file read at run time) from becoming a different text.
     */
    private static boolean renderedAnyway(TemplateError error) {
        TemplateError.ErrorReason reason = error.getReason();
        TemplateError.ErrorItem item = error.getItem();
        boolean unknownName = (reason == TemplateError.ErrorReason.UNKNOWN || reason == TemplateError.ErrorReason.DISABLED)
                && (item == TemplateError.ErrorItem.FILTER || item == TemplateError.ErrorItem.EXPRESSION_TEST
                || item == TemplateError.ErrorItem.FUNCTION || item == TemplateError.ErrorItem.TAG);
        boolean cut = reason == TemplateError.ErrorReason.OUTPUT_TOO_BIG || reason == TemplateError.ErrorReason.COLLECTION_TOO_BIG
                || reason == TemplateError.ErrorReason.OVER_LIMIT;
        return unknownName || cut;
    }

    static String describe(TemplateError error) {
        String message = error.getMessage() == null ? String.valueOf(error.getReason()) : error.getMessage();
        String unknown = "UnknownTokenException: Unknown token found: ";
        if (message.startsWith(unknown)) {
            message = "undefined variable '" + message.substring(unknown.length()).strip() + "'";
        }
        return message + (error.getLineno() > 0 ? " (template line " + error.getLineno() + ")" : "");
    }

    private static TemplateException cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TemplateException known) {
                return known;
            }
            if (t instanceof UndefinedVariableException undefined) {
                // a lazily templated variable that reads an undefined one: its own words, not Jinjava's wrapping
                return new TemplateException(undefined.getMessage());
            }
        }
        return null;
    }

    /** How Jinja2 (and so Ansible) prints a value in text: Python's str(), with None as "" (Ansible's finalize). */
    static String pythonText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        return pythonRepr(value);
    }

    /** Python's repr() of a value: True/False/None, quoted strings inside lists and dicts, whole floats with ".0". */
    static String pythonRepr(Object value) {
        return AnsibleLibrary.pythonRepr(value);
    }

    /** Interpreters that print values as Jinja2 does ({@code True}, {@code ['a', 1]}), not as Java does. */
    private static final class PythonOutput implements InterpreterFactory {
        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
            return new PythonInterpreter(orig);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig renderConfig) {
            return new PythonInterpreter(application, context, renderConfig);
        }
    }

    private static final class PythonInterpreter extends JinjavaInterpreter {
        /** Names Jinja reads as constants, never variables. */
        private static final Set<String> LITERALS = Set.of("none", "None", "true", "false", "True", "False");
        private static final Map<String, String> REWRITTEN = new ConcurrentHashMap<>();

        /** The task's variables, under every name the template sets itself ({% set %}, loop variables, macros). */
        private Map<String, Object> vars;
        /** Evaluations this interpreter has done (when reused per thread). */
        private int uses;

        PythonInterpreter(JinjavaInterpreter orig) {
            super(orig);
            this.vars = orig instanceof PythonInterpreter python ? python.vars : Map.of();
        }

        PythonInterpreter(Jinjava application, Context context, JinjavaConfig config) {
            this(application, context, config, Map.of());
        }

        PythonInterpreter(Jinjava application, Context context, JinjavaConfig config, Map<String, Object> vars) {
            super(application, context, config);
            this.vars = vars;
        }

        @Override
        public Object retraceVariable(String variable, int lineNumber, int startPosition) {
            if (variable != null && variable.startsWith(JinjaSource.RENAMED)) {
                variable = variable.substring(JinjaSource.RENAMED.length());
            }
            Object value = super.retraceVariable(variable, lineNumber, startPosition);
            if (value == null && variable != null && variable.indexOf('.') < 0) {
                value = vars.get(variable);
                if (value == null && !vars.containsKey(variable) && !LITERALS.contains(variable) && !setAsNull(variable)) {
                    return new UndefinedValue(variable);
                }
            }
            return value;
        }

        @Override
        public String getAsString(Object object) {
            return pythonText(object);
        }

        /**
         * Jinjava's failOnUnknownTokens takes a null result for an unknown name; a variable that is defined as null
         * (YAML's {@code ~}) is Python's None, rendered as "" by Ansible's finalize, not an error.
         */
        @Override
        public Object resolveELExpression(String expression, int lineNumber) {
            try {
                return super.resolveELExpression(rewritten(expression), lineNumber);
            } catch (UnknownTokenException e) {
                return noneUnlessUnknownName(expression);
            }
        }

        @Override
        public Object resolveELExpression(String expression, int lineNumber, int position) {
            try {
                return super.resolveELExpression(rewritten(expression), lineNumber, position);
            } catch (UnknownTokenException e) {
                return noneUnlessUnknownName(expression);
            }
        }

        /**
         * Jinjava says "unknown token" both for a null result and for a filter or test it does not have. An unknown
         * variable is an UndefinedValue (retraceVariable), never null, so a null result is None (YAML's ~, a function's
         * None), which Ansible's finalize prints as "". A name the registry lacks is an error: printing "" in its
         * place rendered another text as success (the plan refuses such names; this covers text met at run time).
         */
        private static Object noneUnlessUnknownName(String expression) {
            ExpressionCheck.condition(expression).ifPresent(unknown -> {
                throw unknown;
            });
            return null;
        }

        /** Ansible's expression as Jinjava reads it ({@link JinjaSource}), rewritten once per text. */
        private static String rewritten(String expression) {
            String cached = REWRITTEN.get(expression);
            if (cached == null) {
                cached = JinjaSource.of(expression).jinjava();
                if (REWRITTEN.size() >= CACHE_LIMIT) {
                    REWRITTEN.clear();
                }
                REWRITTEN.put(expression, cached);
            }
            return cached;
        }

        /** Whether a scope of the template ({% set x = none %}, a loop variable) holds {@code name} with a null value. */
        private boolean setAsNull(String name) {
            for (Context scope = getContext(); scope != null; scope = scope.getParent()) {
                if (scope.getScope().containsKey(name)) {
                    return true;
                }
            }
            return false;
        }
    }

}

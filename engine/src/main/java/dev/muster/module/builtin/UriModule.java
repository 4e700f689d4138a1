package dev.muster.module.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.ArgumentException;
import dev.muster.module.Args;
import dev.muster.module.Module;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.ScriptReport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An HTTP request made by curl on the target (so it reaches what the target reaches). The URL,
 * headers, credentials and body go to curl as a config file on stdin, never on the command line:
 * nothing of them shows in ps, and nothing of them is read by the shell.
 */
public final class UriModule implements Module {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("url", Type.STRING)
            .optional("method", Type.STRING, "GET")
            .optional("body", Type.ANY)
            .choice("body_format", "raw", "raw", "json", "form-urlencoded")
            .optional("status_code", Type.LIST, List.of(200))
            .optional("return_content", Type.BOOL, false)
            .optional("headers", Type.DICT)
            .optional("timeout", Type.INT, 30)
            .optional("validate_certs", Type.BOOL, true)
            .optional("url_username", Type.STRING).alias("url_username", "user")
            .optional("url_password", Type.STRING).alias("url_password", "password")
            .optional("follow_redirects", Type.BOOL, true)
            .build();

    @Override
    public String name() {
        return "uri";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String url = args.string("url");
        if (!url.matches("(?i)https?://\\S+")) {
            throw new ArgumentException("url must be an http:// or https:// address without spaces");
        }
        String method = args.string("method").toUpperCase();
        if (!method.matches("[A-Z]+")) {
            throw new ArgumentException("invalid HTTP method '" + method + "'");
        }
        StringBuilder config = new StringBuilder();
        option(config, "url", url);
        option(config, "request", method);
        option(config, "max-time", String.valueOf(args.integer("timeout")));
        if (!args.bool("validate_certs")) {
            config.append("insecure\n");
        }
        if (args.bool("follow_redirects")) {
            config.append("location\n");
        }
        if (args.has("url_username")) {
            option(config, "user", args.string("url_username") + ":" + (args.has("url_password") ? args.string("url_password") : ""));
        }
        Map<String, Object> headers = new LinkedHashMap<>(args.dict("headers"));
        if (args.has("body")) {
            String body = body(args.values().get("body"), args.string("body_format"));
            if (args.string("body_format").equals("json")) {
                headers.putIfAbsent("Content-Type", "application/json");
            } else if (args.string("body_format").equals("form-urlencoded")) {
                headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
            }
            option(config, "data-binary", body);
        }
        headers.forEach((k, v) -> {
            if (String.valueOf(k).contains("\n") || String.valueOf(v).contains("\n")) {
                throw new ArgumentException("header " + k + " must be one line");
            }
            option(config, "header", k + ": " + v);
        });
        List<Integer> accepted = args.list("status_code").stream().map(c -> Integer.parseInt(String.valueOf(c).strip())).toList();
        boolean readOnly = method.equals("GET") || method.equals("HEAD");
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        if (!readOnly) {
            s.line("if [ \"$mu_check\" = 1 ]; then mu_set skipped 1; mu_done; fi");
        }
        s.line("command -v curl >/dev/null || mu_fail 'uri needs curl on the target (apt: curl)'");
        s.line("mu_t2=$(mktemp) || mu_fail 'cannot create a temporary file'");
        s.line("mu_code=$(mu_input | curl -sS -K - -o \"$mu_t2\" -w '%%{http_code}|%%{content_type}|%%{url_effective}') || mu_fail \"request failed: curl exit $?\"");
        s.line("mu_set response \"$mu_code\"");
        s.line("mu_set_file content \"$mu_t2\"");
        if (config.indexOf("\0") >= 0) {
            throw new ArgumentException("a value holds a NUL character, which curl's configuration cannot carry");
        }
        byte[] stdin = config.toString().getBytes(StandardCharsets.UTF_8);
        return new RemoteAction(s.finish(), stdin, exec -> interpret(ScriptReport.parse(exec), accepted, args.bool("return_content"), url));
    }

    private static String body(Object body, String format) {
        if (format.equals("json")) {
            if (body instanceof String text) {
                return text;
            }
            try {
                return JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new ArgumentException("body cannot be sent as JSON: " + e.getOriginalMessage());
            }
        }
        if (format.equals("form-urlencoded") && body instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> URLEncoder.encode(String.valueOf(e.getKey()), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
        }
        return String.valueOf(body);
    }

    /** One curl config line: name = "value", with curl's escapes for \, ", and control characters. */
    private static void option(StringBuilder config, String name, String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        config.append(name).append(" = ").append(quoted).append("\"\n");
    }

    private static TaskResult interpret(ScriptReport report, List<Integer> accepted, boolean returnContent, String url) {
        if (!report.present() || report.failed()) {
            return report.toResult("");
        }
        if (report.flag("skipped")) {
            return new TaskResult(TaskResult.Status.SKIPPED, "skipped in check mode", Map.of("msg", "skipped in check mode"), null, null);
        }
        String[] response = report.get("response").split("\\|", 3);
        int status = Integer.parseInt(response[0]);
        String contentType = response.length > 1 ? response[1] : "";
        String content = report.get("content") == null ? "" : report.get("content");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", status);
        data.put("url", response.length > 2 ? response[2] : url);
        data.put("content_type", contentType);
        if (returnContent) {
            data.put("content", content);
        }
        if (contentType.contains("json") || content.startsWith("{") || content.startsWith("[")) {
            try {
                data.put("json", JSON.readValue(content, Object.class));
            } catch (JsonProcessingException e) {
                // not JSON after all: no json key, as Ansible
            }
        }
        String msg = "OK (" + content.length() + " bytes)";
        if (!accepted.contains(status)) {
            msg = "Status code was " + status + " and not " + accepted;
            data.put("msg", msg);
            return new TaskResult(TaskResult.Status.FAILED, msg, data, null, null);
        }
        data.put("msg", msg);
        return new TaskResult(TaskResult.Status.OK, msg, data, null, null);
    }
}

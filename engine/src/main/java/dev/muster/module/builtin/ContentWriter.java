package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.path;
import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.ArgSpec;
import dev.muster.module.ArgumentException;
import dev.muster.module.Args;
import dev.muster.connection.ExecResult;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.ScriptReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts given bytes at a path on the target, for copy and template. The content rides on stdin in
 * the same round trip as the check: the script compares sha256 sums and writes (atomically) only
 * when they differ; when they match it ends without reading its input, which stops the transfer.
 */
final class ContentWriter {

    /** Files larger than this are not shown in --diff. */
    static final int DIFF_LIMIT = 64 * 1024;

    private ContentWriter() {
    }

    private static final byte[] VAULT_HEADER = "$ANSIBLE_VAULT;".getBytes(StandardCharsets.US_ASCII);

    /**
     * The bytes of {@code src}, refused when they are Ansible Vault ciphertext: Muster has no Vault (README), and
     * copying the ciphertext would report success while writing a different file than Ansible does.
     */
    static byte[] source(TaskContext context, String kind, String src) {
        byte[] bytes = context.resources().read(kind, src);
        java.nio.file.Path found = context.resources().find(kind, src);
        refuseVault(bytes, found == null ? java.nio.file.Path.of(src) : found);
        return bytes;
    }

    /**
     * Refuses Vault ciphertext: Muster has no Vault. The message ends as Ansible's without a password does ("A vault
     * password or secret must be specified to decrypt PATH"), which roles match.
     */
    static void refuseVault(byte[] bytes, java.nio.file.Path file) {
        if (bytes.length >= VAULT_HEADER.length && java.util.Arrays.equals(bytes, 0, VAULT_HEADER.length, VAULT_HEADER, 0, VAULT_HEADER.length)) {
            throw new ArgumentException("src " + file.getFileName() + " is Ansible Vault encrypted and Muster has no Vault (decrypt it with "
                    + "ansible-vault first): A vault password or secret must be specified to decrypt " + file.toAbsolutePath());
        }
    }

    /**
     * Ansible's {@code mode: preserve}: the mode of the source file on the controller (copy's src, template's template),
     * as an octal mode; other modes are left as they are.
     */
    static Args preserveMode(Args args, java.nio.file.Path source) {
        if (!"preserve".equals(args.string("mode"))) {
            return args;
        }
        if (source == null) {
            throw new ArgumentException("mode", "mode=preserve needs a src file to take the mode from");
        }
        try {
            int bits = 0;
            for (java.nio.file.attribute.PosixFilePermission p : java.nio.file.Files.getPosixFilePermissions(source)) {
                bits |= 0400 >> p.ordinal();
            }
            Map<String, Object> values = new LinkedHashMap<>(args.values());
            values.put("mode", String.format("0%03o", bits));
            return new Args(values);
        } catch (java.io.IOException e) {
            throw new ArgumentException("mode", "cannot read the mode of " + source + ": " + e.getMessage());
        }
    }

    /** The arguments every module that writes a whole file takes (copy, template), after its own source ones. */
    static ArgSpec.Builder destinationArguments(ArgSpec.Builder spec) {
        return spec.required("dest", ArgSpec.Type.PATH)
                .optional("mode", ArgSpec.Type.MODE)
                .optional("owner", ArgSpec.Type.STRING)
                .optional("group", ArgSpec.Type.STRING)
                .optional("validate", ArgSpec.Type.STRING)
                .optional("backup", ArgSpec.Type.BOOL, false)
                .optional("force", ArgSpec.Type.BOOL, true);
    }

    /**
     * @param dest    the path on the target; a directory (or a path ending in "/") receives {@code name}
     * @param name    the file name to use inside a directory dest, or null when dest must be a file
     * @param content the bytes to put there
     */
    static RemoteAction plan(Args args, TaskContext context, String dest, String name, byte[] content) {
        String mode = Modes.normalize(args.string("mode"));
        String sum = sha256(content);
        boolean dirDest = dest.endsWith("/");
        if (dirDest) {
            if (name == null) {
                throw new ArgumentException("dest " + dest + " is a directory: give a file name");
            }
            dest = dest + name;
        }
        ModuleScript script = ModuleScript.start(context.check(), context.diff());
        script.line("mu_info=1");
        Validation.define(script, args.string("validate"));
        script.line("mu_f=%s", path(dest));
        if (name != null) {
            script.line("if [ -d \"$mu_f\" ]; then mu_f=\"$mu_f\"/%s; fi", q(name));
        }
        // Ansible's words for content (no file name to put inside a directory)
        script.line("if [ -d \"$mu_f\" ]; then mu_fail %s; fi", name == null ? q("can not use content with a dir as dest") : "\"$mu_f is a directory\"");
        boolean follow = args.has("follow") && args.bool("follow");
        // A link at dest: followed, its target is written (follow=yes); else Ansible replaces it with a file, even one
        // with the same content, and the new file's mode is not the target's (hence the rm before the write).
        script.line("mu_lnk=0; if [ -L \"$mu_f\" ]; then %s; fi",
                follow ? "mu_f=$(readlink -m -- \"$mu_f\") || mu_fail \"cannot resolve the link $mu_f\"" : "mu_lnk=1");
        script.line("mu_set path \"$mu_f\"");
        // the size first (the lstat mu_attrs reads anyway), then a small file is compared by the shell itself
        script.line("mu_same \"$mu_f\" %d %s", content.length, sum);
        script.line("if [ -e \"$mu_f\" ] || [ -L \"$mu_f\" ]; then mu_ex=1; else mu_ex=0; fi");
        script.line("if { [ \"$mu_sum\" != same ] || [ $mu_lnk = 1 ]; } && { [ $mu_ex = 0 ] || [ %s = 1 ]; }; then",
                args.bool("force") ? "1" : "0");
        script.line("  if [ $mu_ex = 0 ]; then mu_change created; else mu_change content; fi");
        script.line("  if [ \"$mu_diff\" = 1 ] && [ -n \"$mu_sum\" ]; then [ -n \"$mu_size\" ] || mu_size=$(wc -c < \"$mu_f\"); "
                + "if [ \"$mu_size\" -le %d ]; then mu_set_file before \"$mu_f\"; fi; fi", DIFF_LIMIT);
        script.line("  if [ \"$mu_check\" != 1 ]; then");
        if (args.bool("backup")) {
            script.line("    mu_backup \"$mu_f\"");
        }
        if (dirDest) {
            makeParents(script, args);
        }
        script.line("    if [ $mu_lnk = 1 ]; then rm -f -- \"$mu_f\" || mu_fail \"cannot replace the link $mu_f\"; fi");
        script.line("    mu_write \"$mu_f\" %s %s %s %s input", q(mode), q(args.string("owner")), q(args.string("group")), sum);
        script.line("  fi");
        // A file already in place leaves its content unread: the connection stops sending when the script
        // ends, so an unchanged large file costs about one SSH window, not its whole size.
        script.line("fi");
        script.line("if [ -e \"$mu_f\" ]; then mu_attrs \"$mu_f\" %s %s %s; fi", q(mode), q(args.string("owner")), q(args.string("group")));
        String finalDest = dest;
        return new RemoteAction(script.finish(), content, exec -> interpret(exec, finalDest, content, sum));
    }

    /**
     * Ansible's copy into "DIR/": the missing directories above {@code $mu_f} are made, each given {@code directory_mode}
     * (else the umask's) and the task's owner and group; runs outside check mode only.
     */
    static void makeParents(ModuleScript script, Args args) {
        String mode = args.has("directory_mode") ? Modes.normalize(args.string("directory_mode")) : null;
        script.line("mu_dir \"$mu_f\"; mu_pd=$mu_d; if [ ! -d \"$mu_pd\" ]; then mu_p=$mu_pd; while [ ! -d \"$mu_p\" ]; do mu_dir \"$mu_p\"; mu_p=$mu_d; done");
        script.line("  mkdir -p -- \"$mu_pd\" || mu_fail \"cannot create directory $mu_pd\"; mu_ii=$mu_info; mu_info=");
        script.line("  mu_q=$mu_pd; while [ \"$mu_q\" != \"$mu_p\" ]; do mu_attrs \"$mu_q\" %s %s %s; mu_dir \"$mu_q\"; mu_q=$mu_d; done; mu_info=$mu_ii; fi",
                q(mode), q(args.string("owner")), q(args.string("group")));
    }

    static TaskResult interpret(ExecResult exec, String dest, byte[] content, String sum) {
        ScriptReport report = ScriptReport.parse(exec);
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
        }
        String path = report.get("path") == null ? dest : report.get("path");
        boolean written = report.changes().contains("created") || report.changes().contains("content");
        // Ansible's keys: a written file is the copy module's result (dest, md5sum, checksum), an unchanged one
        // the file module's (path, dest); both with the path information and SHA-1 as checksum. The
        // SHA-256 stays the script's own integrity check.
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("dest", path);
        if (written) {
            data.put("md5sum", digest("MD5", content));
        } else {
            data.put("path", path);
        }
        data.put("checksum", digest("SHA-1", content));
        data.put("size", content.length);
        data.putAll(PathInfo.of(report));
        result = result.withData(data);
        if (written) {
            String before = report.get("before") == null ? "" : report.get("before");
            if (content.length <= DIFF_LIMIT && !isBinary(content)) {
                result = result.withDiff(new TaskResult.Diff(path, before, new String(content, StandardCharsets.UTF_8)));
            }
        }
        return result;
    }

    static String sha256(byte[] content) {
        return digest("SHA-256", content);
    }

    static String digest(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isBinary(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    static String baseName(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}

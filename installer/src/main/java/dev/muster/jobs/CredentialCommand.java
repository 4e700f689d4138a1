package dev.muster.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.cli.Version;
import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code muster credential save}: an SSH user, key and become password, stored encrypted by the cluster. */
@Command(name = "credential", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Credentials on the cluster (stored encrypted; the API never returns a secret).",
        subcommands = {CredentialCommand.Save.class})
public final class CredentialCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a credential command is required: save");
    }

    @Command(name = "save", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Store (or replace) a credential: the SSH user, its private key, and optionally a become password.")
    static final class Save implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "NAME", description = "The credential's name on the cluster.")
        String name;

        @Option(names = "--username", required = true, paramLabel = "USER", description = "The SSH user on the targets.")
        String username;

        @Option(names = "--ssh-key-file", required = true, paramLabel = "FILE", description = "The SSH private key (PEM or OpenSSH).")
        Path sshKeyFile;

        @Option(names = "--become-password-file", paramLabel = "FILE", description = "The sudo password, from the first line of FILE.")
        Path becomePasswordFile;

        @Option(names = {"-K", "--ask-become-pass"}, description = "Ask for the sudo password.")
        boolean askBecomePass;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("username", username);
            try {
                body.put("ssh_key", Files.readString(sshKeyFile, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new MusterException(null, "cannot read --ssh-key-file " + sshKeyFile + ": " + e, Failure.BAD_REQUEST, e);
            }
            if (becomePasswordFile != null) {
                body.put("become_password", SecretInput.firstLine(becomePasswordFile, "--become-password-file"));
            } else if (askBecomePass) {
                body.put("become_password", SecretInput.prompt("BECOME password", err, "give --become-password-file FILE"));
            }
            ApiClient client = api.connect(err);
            JsonNode answer = client.post("/api/v1/credentials/", body);
            return api.show(out, answer, "credential " + name + " saved");
        }
    }
}

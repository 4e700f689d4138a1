package dev.muster.jobs;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every command that talks to the cluster's API shares: where, who, which certificate, what output. */
public final class ApiOptions {

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "The cluster's HTTPS address: any node's nginx, e.g. https://tower1.example.com.")
    URI url;

    @Option(names = "--user", paramLabel = "USER", defaultValue = "admin", description = "The API user (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the user's password from the first line of FILE (else it is asked for; never on the command line).")
    Path passwordFile;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Authenticate with the token on the first line of FILE instead of a password.")
    Path tokenFile;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "Trust only the PEM certificates in FILE, e.g. a node's self-signed /etc/nginx/ssl/muster.crt.")
    Path ca;

    @Option(names = {"-k", "--insecure"}, description = "Accept any certificate (labs only: anyone in the middle sees the password).")
    boolean insecure;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Longest wait for one answer (default: ${DEFAULT-VALUE}; a project update may take 60 s).")
    int timeoutSeconds;

    @Option(names = "--json", description = "JSON as the cluster served it instead of the readable view.")
    boolean json;

    /** Whether the output should be the served JSON. */
    public boolean json() {
        return json;
    }

    /** Prints the answer as served (--json) or the readable line; returns exit code 0. */
    public int show(PrintWriter out, com.fasterxml.jackson.databind.JsonNode answer, String readable) {
        out.println(json ? answer.toString() : readable);
        out.flush();
        return dev.muster.error.ExitCodes.OK;
    }

    /** A client for these options; asks for the password when neither a password file nor a token file is given. */
    public ApiClient connect(PrintWriter err) {
        String scheme = url.getScheme();
        if (url.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
            throw new MusterException(null, "--url " + url + " is not an https:// (or http://) address of a node",
                    Failure.BAD_REQUEST, null);
        }
        if (passwordFile != null && tokenFile != null) {
            throw new MusterException(null, "--password-file and --token-file exclude each other", Failure.BAD_REQUEST, null);
        }
        String authorization;
        if (tokenFile != null) {
            authorization = "Bearer " + SecretInput.firstLine(tokenFile, "--token-file");
        } else {
            String password = passwordFile != null ? SecretInput.firstLine(passwordFile, "--password-file")
                    : SecretInput.prompt("password of " + user + " at " + url.getHost(), err, "give --password-file FILE or --token-file FILE");
            authorization = ApiClient.basic(user, password);
        }
        return ApiClient.open(url, authorization, ca, insecure, Duration.ofSeconds(Math.max(1, timeoutSeconds)));
    }
}

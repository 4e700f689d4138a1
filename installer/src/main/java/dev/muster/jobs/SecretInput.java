package dev.muster.jobs;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Secrets the client needs (the API password, a token, a become password): from a file, or asked for. Never argv. */
final class SecretInput {

    private SecretInput() {
    }

    /** The first line of {@code file}, named in errors by {@code option}. */
    static String firstLine(Path file, String option) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new MusterException(null, option + " " + file + " is empty", Failure.BAD_REQUEST, null);
            }
            return lines.get(0);
        } catch (IOException e) {
            throw new MusterException(null, "cannot read " + option + " " + file + ": " + e, Failure.BAD_REQUEST, e);
        }
    }

    /** Asks on the terminal without echo (jline), else reads one line of standard input after printing the prompt. */
    static String prompt(String label, PrintWriter err, String hint) {
        if (System.console() != null) {
            try (org.jline.terminal.Terminal terminal = org.jline.terminal.TerminalBuilder.builder().system(true).build()) {
                return org.jline.reader.LineReaderBuilder.builder().terminal(terminal).build().readLine(label + ": ", '*');
            } catch (IOException | org.jline.reader.UserInterruptException | org.jline.reader.EndOfFileException e) {
                throw new MusterException(null, "no " + label + " given (" + hint + ")", Failure.BAD_REQUEST, null);
            }
        }
        err.print(label + ": ");
        err.flush();
        try {
            String line = readLine();
            if (line == null || line.isEmpty()) {
                throw new MusterException(null, "no " + label + " on standard input (" + hint + ")", Failure.BAD_REQUEST, null);
            }
            return line;
        } catch (IOException e) {
            throw new MusterException(null, "cannot read the " + label + ": " + e.getMessage(), Failure.BAD_REQUEST, e);
        }
    }

    /** One line of standard input, read byte by byte: a buffered reader would swallow the next prompt's answer. */
    private static String readLine() throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = System.in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}

package dev.muster.facts;

import java.util.Map;

/**
 * One fact source: a short POSIX sh command run on the target and a parser that turns its output
 * into ansible_* variables. Parsers are pure, so each is tested on captured outputs.
 */
public record Fact(String name, String command, Parser parser) {

    /** Reads the command's output into {@code facts}. */
    @FunctionalInterface
    public interface Parser {
        void parse(String output, Map<String, Object> facts);
    }
}

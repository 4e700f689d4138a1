package dev.muster.error;

import java.nio.file.Path;

/**
 * Where in an operator's file something was found: printed as FILE:LINE:COLUMN, the form editors jump to.
 * Line and column are 1-based; 0 means unknown and is left out of the text.
 */
public record SourceLocation(Path file, int line, int column) {

    public static SourceLocation of(Path file) {
        return new SourceLocation(file, 0, 0);
    }

    public static SourceLocation of(Path file, int line) {
        return new SourceLocation(file, line, 0);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        return text.toString();
    }
}

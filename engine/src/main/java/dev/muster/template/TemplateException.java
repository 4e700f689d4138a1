package dev.muster.template;

import dev.muster.error.MusterException;

/**
 * A template or condition that cannot be rendered or evaluated: undefined variable, bad syntax.
 * The message names the variable or the column; the engine adds the task and FILE:LINE.
 */
public class TemplateException extends MusterException {

    private final int column;

    public TemplateException(String message) {
        this(message, 0);
    }

    /** @param column 1-based column in the expression where the problem is, 0 when unknown */
    public TemplateException(String message, int column) {
        super(message);
        this.column = column;
    }

    public int column() {
        return column;
    }
}

package dev.muster.template;

/** A template named a variable that no layer defines. */
public class UndefinedVariableException extends IllegalArgumentException {
    public UndefinedVariableException(String name) {
        super("undefined variable '" + name + "'");
    }
}

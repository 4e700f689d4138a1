package dev.muster.lab;

/** The lab could not do what was asked; the message is the lab script's one-line reason. */
public class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }
}

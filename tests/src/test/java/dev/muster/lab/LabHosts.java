package dev.muster.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class needs lab hosts: the first {@link #value()} hosts (hosta, hostb, ...) are up, healthy
 * (no partition, none isolated, none killed) before the class runs, and a {@link Lab} parameter is injected.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(LabExtension.class)
public @interface LabHosts {
    /** How many hosts this class uses. */
    int value();

    /** Give this class's hosts a fresh disk (and new host keys) before it runs. */
    boolean fresh() default false;
}

package dev.tracedffi.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The traced test passes only if its child JVM is killed by signal {@link #value()} (6 for abort(),
 * 11 for a native crash) and, when {@link #stderr()} is given, its standard error contains a match of
 * that regular expression.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ExpectSignal {
    int value();

    String stderr() default "";
}

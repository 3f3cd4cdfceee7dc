package dev.tracedffi.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The traced test passes only if its child JVM exits with {@link #value()} (the overridden exit code
 * if the child overrode it) and, when {@link #stderr()} is given, its standard error contains a match
 * of that regular expression. GoogleTest's EXPECT_EXIT, for JVM tests.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ExpectExit {
    int value();

    String stderr() default "";
}

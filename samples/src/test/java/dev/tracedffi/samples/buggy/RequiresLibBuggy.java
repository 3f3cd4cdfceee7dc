package dev.tracedffi.samples.buggy;

import org.junit.jupiter.api.condition.EnabledIf;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Skips the tests, with the reason, when the build could not compile libbuggy. The condition is checked
 * in the test JVM before any child is started.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@EnabledIf(value = "dev.tracedffi.samples.buggy.Buggy#isBuilt",
        disabledReason = "libbuggy.so was not built (the build compiles src/test/c/buggy.c with gcc; is gcc installed?)")
@interface RequiresLibBuggy {
}

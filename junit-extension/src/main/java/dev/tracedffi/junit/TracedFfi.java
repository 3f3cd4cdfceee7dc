package dev.tracedffi.junit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs each test it covers in a child JVM under a tracedffi supervisor: a fresh child per test, or one
 * shared by the tests of a class ({@link #child()}). On a method it overrides the class's annotation (the
 * nearest one wins). Traced tests carry the tag {@value #TAG}, so {@code mvn test -Dgroups=tracedffi}
 * runs only them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TracedFfiExtension.class)
@Tag(TracedFfi.TAG)
public @interface TracedFfi {

    /** The JUnit tag of every traced test. */
    String TAG = "tracedffi";

    /** Marks "not set": the configuration parameter {@code tracedffi.timeout} applies, else 60 000 ms. */
    long DEFAULT_TIMEOUT = -1;

    /** How long the child may run before it is killed and the test fails with where it hung. */
    long timeoutMillis() default DEFAULT_TIMEOUT;

    /** Extra options for the child JVM. */
    String[] jvmArgs() default {};

    /** Whether a traced call that accessed memory out of bounds throws {@code OutOfBoundsAccessError}. */
    boolean failOnOutOfBounds() default true;

    /**
     * A fresh child JVM per test, or one per class whose tests run one after another in it; by default the
     * configuration parameter {@code tracedffi.child} decides ({@code per-test} unless set).
     */
    ChildMode child() default ChildMode.CONFIGURED;
}

package dev.tracedffi.junit.assertions;

import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.api.StandardSoftAssertionsProvider;

import java.util.function.Consumer;

/**
 * Soft assertions on memory accesses and on anything AssertJ's {@code SoftAssertions} covers: every
 * failure is collected and reported together. Works with {@code SoftAssertionsExtension} and
 * {@code @InjectSoftAssertions}.
 */
public class TracedFfiSoftAssertions extends AbstractSoftAssertions
        implements StandardSoftAssertionsProvider, TracedFfiSoftAssertionsProvider {

    /** Runs {@code softly} and then fails with every assertion error it collected. */
    public static void assertSoftly(Consumer<TracedFfiSoftAssertions> softly) {
        SoftAssertionsProvider.assertSoftly(TracedFfiSoftAssertions.class, softly);
    }
}

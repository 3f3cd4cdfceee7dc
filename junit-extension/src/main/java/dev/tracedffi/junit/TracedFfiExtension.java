package dev.tracedffi.junit;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.supervisor.ChildExit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;

/**
 * The JUnit side of tracedffi. In the test JVM it runs none of a traced test's code: it skips the test
 * method and its lifecycle methods and runs the whole test in a child JVM instead, then reports the
 * child's result as the test's; where tracing is unavailable, the test is disabled with the reason (or,
 * in isolation mode, runs untraced). In the child (connected to a supervisor) the test runs normally and
 * gets {@link NativeMemory} and {@link FfiTracer} parameters.
 */
public class TracedFfiExtension implements ExecutionCondition, InvocationInterceptor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TracedFfiExtension.class);
    private static final ConditionEvaluationResult IN_CHILD =
            ConditionEvaluationResult.enabled("the test JVM decided already: this is the test's child");

    private static boolean inChild() {
        return SupervisorClient.isConnected();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return inChild() ? IN_CHILD : TracingCondition.PROBED.evaluate(context);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        runTest(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext context) throws Throwable {
        runTest(invocation, context);
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
                                     ExtensionContext context) throws Throwable {
        runTest(invocation, context);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
                                          ReflectiveInvocationContext<Method> invocationContext,
                                          ExtensionContext context) throws Throwable {
        proceedOnlyInChild(invocation);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
                                         ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext context) throws Throwable {
        proceedOnlyInChild(invocation);
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
                                         ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext context) throws Throwable {
        proceedUnlessWholeClassIsTraced(invocation, context);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation,
                                        ReflectiveInvocationContext<Method> invocationContext,
                                        ExtensionContext context) throws Throwable {
        proceedUnlessWholeClassIsTraced(invocation, context);
    }

    private static void proceedOnlyInChild(Invocation<Void> invocation) throws Throwable {
        if (inChild()) {
            invocation.proceed();
        } else {
            invocation.skip();
        }
    }

    /** Class-level lifecycle methods run in the test JVM too, unless every test of the class is traced. */
    private static void proceedUnlessWholeClassIsTraced(Invocation<Void> invocation, ExtensionContext context)
            throws Throwable {
        boolean classTraced = context.getTestClass()
                .map(type -> AnnotationSupport.isAnnotated(type, TracedFfi.class)).orElse(false);
        if (inChild() || !classTraced) {
            invocation.proceed();
        } else {
            invocation.skip();
        }
    }

    private void runTest(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        if (inChild()) {
            invocation.proceed();
            return;
        }
        invocation.skip();
        TracedFfiConfiguration run = TracedFfiConfiguration.of(context);
        // untraced unless tracing works: where it does not, only isolation mode (or deactivated conditions) gets here
        boolean traced = TracingCondition.PROBED.traced(run);
        ChildRun ran = ChildTestRunner.run(context, run, TracedFfiSettings.of(TracedFfiSettings.nearest(context), run),
                traced);
        ChildExit exit = ran.exit();
        Throwable failure = null;
        try {
            ChildVerdict.apply(exit,
                    context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, ExpectExit.class)),
                    context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, ExpectSignal.class)));
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            TracedTestReports.record(context, run, ran, failure);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == NativeMemory.class || type == FfiTracer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Class<?> type = parameterContext.getParameter().getType();
        if (!inChild()) {
            // the test JVM never runs a traced test's body; this stands in for the argument
            return ParentPlaceholders.of(type);
        }
        SupervisorClient client = SupervisorClient.current();
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (type == NativeMemory.class) {
            return store.getOrComputeIfAbsent(NativeMemory.class, k -> new ArenaNativeMemory(client.arena()),
                    NativeMemory.class);
        }
        if (type == FfiTracer.class) {
            boolean failOnOutOfBounds = TracedFfiSettings.of(context).failOnOutOfBounds();
            String untraced = client.traced() ? null : "native calls are not traced here: this test runs in "
                    + "isolation mode (" + TracedFfiConfiguration.MODE + "=isolate, or tracing is unavailable here)";
            return store.getOrComputeIfAbsent(FfiTracer.class,
                    k -> new ChildFfiTracer(client, failOnOutOfBounds, untraced), FfiTracer.class);
        }
        throw new ParameterResolutionException("tracedffi cannot resolve " + type);
    }
}

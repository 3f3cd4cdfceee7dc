package dev.tracedffi.junit;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.junit.assertions.OutOfBoundsAccessError;
import dev.tracedffi.junit.assertions.OutOfBoundsPolicy;
import dev.tracedffi.junit.assertions.Symbolizers;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;
import dev.tracedffi.protocol.StackFrame;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link FfiTracer} in the child JVM: each call goes through the supervisor connection. In isolation
 * mode calls run untraced and their events are unavailable.
 */
final class ChildFfiTracer implements FfiTracer {

    private final SupervisorClient client;
    private final boolean failOnOutOfBounds;
    private final String untracedReason;
    private final List<TracedCall<?>> calls = Collections.synchronizedList(new ArrayList<>());

    /** @param untracedReason null when calls are traced, else why they are not */
    ChildFfiTracer(SupervisorClient client, boolean failOnOutOfBounds, String untracedReason) {
        this.client = client;
        this.failOnOutOfBounds = failOnOutOfBounds;
        this.untracedReason = untracedReason;
    }

    @Override
    public <T> TracedCall<T> trace(Supplier<T> call) {
        return trace("call", call);
    }

    @Override
    public <T> TracedCall<T> trace(String name, Supplier<T> call) {
        List<AllocationInfo> allocations = client.arena().allocations();
        List<StackFrame> javaFrames = CallerFrames.ofTracedCall();
        TracedCall<T> traced;
        if (untracedReason != null) {
            traced = TracedCall.untraced(name, call.get(), allocations, untracedReason);
        } else {
            SupervisorClient.FfiResult<T> result = client.doFfi(name, javaFrames, call);
            traced = TracedCall.traced(name, result.result(), result.events(), allocations, javaFrames);
        }
        calls.add(traced);
        if (failOnOutOfBounds && traced.isTraced()) {
            var violations = OutOfBoundsPolicy.violations(traced.events(), allocations);
            if (!violations.isEmpty()) {
                throw OutOfBoundsAccessError.of(name, violations, Symbolizers.currentProcess(),
                        traced.events().instructionsByIp(), javaFrames);
            }
        }
        return traced;
    }

    @Override
    public MemEvents run(Runnable call) {
        return run("call", call);
    }

    @Override
    public MemEvents run(String name, Runnable call) {
        return trace(name, () -> {
            call.run();
            return null;
        }).events();
    }

    @Override
    public <L> L traced(Class<L> libraryInterface, L library) {
        boolean all = libraryInterface.isAnnotationPresent(Traced.class);
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(library, args);
            }
            if (!all && !method.isAnnotationPresent(Traced.class)) {
                return invoke(library, method, args);
            }
            return trace(method.getName(), () -> invoke(library, method, args)).result();
        };
        return libraryInterface.cast(Proxy.newProxyInstance(libraryInterface.getClassLoader(),
                new Class<?>[] {libraryInterface}, handler));
    }

    private static Object invoke(Object target, Method method, Object[] args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method, e);
        }
    }

    @Override
    public List<TracedCall<?>> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public void overrideRetcode(int code) {
        client.overrideRetcode(code);
    }
}

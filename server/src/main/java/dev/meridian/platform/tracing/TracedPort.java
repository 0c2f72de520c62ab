package dev.meridian.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** One client span per call of a port's method, made while a request's span is current. */
final class TracedPort implements InvocationHandler {
    private final Tracer tracer;
    private final String prefix;
    private final Object target;
    private final String system;

    TracedPort(Tracer tracer, Class<?> type, Object target, String system) {
        this.tracer = tracer;
        this.prefix = type.getSimpleName() + ".";
        this.target = target;
        this.system = system;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class || !Tracing.inSpan()) {
            return call(method, args);
        }
        Span span = tracer.spanBuilder(prefix + method.getName())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system.name", system)
                .startSpan();
        Scope scope = span.makeCurrent();
        try {
            return call(method, args);
        } catch (Throwable e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            scope.close();
            span.end();
        }
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

import { context, defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context } from '@opentelemetry/api';
import { core } from '@opentelemetry/sdk-node';

/**
 * W3C trace context carried in plain string headers: HTTP, outbox rows, Kafka records. An explicit
 * propagator rather than the global one, so the format never depends on start-up order.
 */
const w3c = new core.W3CTraceContextPropagator();
const tracer = () => trace.getTracer('chat');

export const TRACEPARENT_HEADER = 'traceparent';

/** `traceparent` (and `tracestate`) of the active span; empty when no trace is active. */
export function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  w3c.inject(context.active(), carrier, defaultTextMapSetter);
  return carrier;
}

/** The context a set of headers continues (the root context when they carry none). */
export function contextFromHeaders(headers: Record<string, string | string[] | undefined> | undefined): Context {
  return headers ? w3c.extract(ROOT_CONTEXT, headers, defaultTextMapGetter) : ROOT_CONTEXT;
}

/** The trace id of the active span, if a trace is being recorded or propagated. */
export function activeTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  const ctx = span?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) ? ctx.traceId : undefined;
}

export interface SpanOptions {
  kind: SpanKind;
  attributes?: Attributes;
  /** Continue the trace of these headers instead of the active context. */
  parentHeaders?: Record<string, string | string[] | undefined>;
}

/** Runs `work` inside a new active span; the span records an exception and ends with the work. */
export function inSpan<T>(name: string, options: SpanOptions, work: () => Promise<T>): Promise<T> {
  const parent = options.parentHeaders ? contextFromHeaders(options.parentHeaders) : context.active();
  const span = tracer().startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work();
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * A span that ends later (a record in flight to the broker): returns the headers that make its
 * children continue it, and `end` to close it with the outcome.
 */
export function startSpan(name: string, options: SpanOptions): { headers: Record<string, string>; end(error?: unknown): void } {
  const parent = options.parentHeaders ? contextFromHeaders(options.parentHeaders) : context.active();
  const span = tracer().startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  const headers: Record<string, string> = {};
  w3c.inject(trace.setSpan(parent, span), headers, defaultTextMapSetter);
  return {
    headers,
    end: (error?: unknown) => {
      if (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}

export { SpanKind };

import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK, resources, tracing } from '@opentelemetry/sdk-node';
import type { TelemetryConfig } from '../config/app-config';

let sdk: NodeSDK | null = null;

/**
 * Starts OpenTelemetry once per process. Every hop makes its span, so trace ids are always made
 * and propagated (server frames carry them even with no collector). Spans are recorded, sampled
 * by OTEL_TRACES_SAMPLE_RATIO, only when an OTLP endpoint takes them: without one, recording
 * (attributes, timings, the span objects) would be work for nothing on every message, and the
 * non-recording spans carry the same ids. Spans are made by our own code at the hops that matter
 * (HTTP in, forwarding, outbox, Kafka, consumers), so start-up order and auto-instrumentation
 * patches play no part.
 */
export function startTelemetry(config: TelemetryConfig, serviceName: string): void {
  if (sdk) return;
  const endpoint = config.otlpTracesEndpoint;
  // Without an endpoint a no-op processor all the same: with none the SDK installs no tracer
  // provider and no context manager, and trace ids would not be made or carried at all.
  const { processor, sampler } = endpoint
    ? {
        processor: new tracing.BatchSpanProcessor(new OTLPTraceExporter({ url: endpoint }), { scheduledDelayMillis: 1000 }),
        sampler: new tracing.ParentBasedSampler({ root: new tracing.TraceIdRatioBasedSampler(config.sampleRatio) }),
      }
    : { processor: new tracing.NoopSpanProcessor(), sampler: new tracing.AlwaysOffSampler() };
  sdk = new NodeSDK({
    serviceName,
    resource: resources.resourceFromAttributes({ 'service.namespace': config.serviceNamespace }),
    autoDetectResources: false,
    spanProcessors: [processor],
    logRecordProcessors: [],
    sampler,
    instrumentations: [],
  });
  sdk.start();
}

/** Sends the spans still buffered (on shutdown), without stopping the SDK other apps in this process may share. */
export async function flushTelemetry(): Promise<void> {
  const provider = trace.getTracerProvider() as { forceFlush?: () => Promise<void> };
  await provider.forceFlush?.().catch(() => undefined);
}

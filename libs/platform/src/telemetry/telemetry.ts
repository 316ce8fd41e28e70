import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK, resources, tracing } from '@opentelemetry/sdk-node';
import type { TelemetryConfig } from '../config/app-config';

let sdk: NodeSDK | null = null;

/**
 * Starts OpenTelemetry once per process. Spans are always produced (server frames carry the
 * trace id even with no collector); they leave the process only when an OTLP endpoint is set.
 * Spans are made by our own code at the hops that matter (HTTP in, forwarding, outbox, Kafka,
 * consumers), so start-up order and auto-instrumentation patches play no part.
 */
export function startTelemetry(config: TelemetryConfig, serviceName: string): void {
  if (sdk) return;
  const processor = config.otlpTracesEndpoint
    ? new tracing.BatchSpanProcessor(new OTLPTraceExporter({ url: config.otlpTracesEndpoint }), { scheduledDelayMillis: 1000 })
    : new tracing.NoopSpanProcessor();
  sdk = new NodeSDK({
    serviceName,
    resource: resources.resourceFromAttributes({ 'service.namespace': config.serviceNamespace }),
    autoDetectResources: false,
    spanProcessors: [processor],
    logRecordProcessors: [],
    sampler: new tracing.ParentBasedSampler({ root: new tracing.TraceIdRatioBasedSampler(config.sampleRatio) }),
    instrumentations: [],
  });
  sdk.start();
}

/** Sends the spans still buffered (on shutdown), without stopping the SDK other apps in this process may share. */
export async function flushTelemetry(): Promise<void> {
  const provider = trace.getTracerProvider() as { forceFlush?: () => Promise<void> };
  await provider.forceFlush?.().catch(() => undefined);
}

import { trace } from '@opentelemetry/api';
import { startTelemetry } from './telemetry';
import { activeTraceId, currentTraceHeaders, inSpan, SpanKind } from './trace-context';

describe('telemetry without an OTLP endpoint', () => {
  beforeAll(() => startTelemetry({ otlpTracesEndpoint: null, serviceNamespace: 'chat', sampleRatio: 1 }, 'telemetry-spec'));

  it('records no spans but still makes and propagates trace ids', async () => {
    const parent = '0af7651916cd43dd8448eb211c80319c';
    await inSpan('consume test', { kind: SpanKind.CONSUMER, parentHeaders: { traceparent: `00-${parent}-b7ad6b7169203331-01` } }, async () => {
      expect(trace.getActiveSpan()!.isRecording()).toBe(false);
      expect(activeTraceId()).toBe(parent);
      expect(currentTraceHeaders().traceparent).toMatch(new RegExp(`^00-${parent}-[0-9a-f]{16}-00$`));
    });
    await inSpan('HTTP POST', { kind: SpanKind.SERVER }, async () => {
      expect(activeTraceId()).toMatch(/^[0-9a-f]{32}$/);
      expect(activeTraceId()).not.toBe(parent);
    });
  });
});

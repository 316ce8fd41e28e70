import { Metrics, PER_HANDLE_DEFAULT_METRICS } from './metrics';

describe('Metrics', () => {
  it('keeps the default process and runtime series but none that walks every open handle on a scrape', async () => {
    const names = new Set((await new Metrics().registry.getMetricsAsJSON()).map((m) => m.name));
    for (const name of PER_HANDLE_DEFAULT_METRICS) expect(names).not.toContain(name);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_gc_duration_seconds', 'chat_socket_connections']) expect(names).toContain(name);
  });
});

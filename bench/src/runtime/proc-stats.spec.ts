import { cpuBetween, parseKbField, parseMachineTicks, parseNetstatCounter, parseRunQueueWaitNs, parseStat, type ProcSnapshot } from './proc-stats';

describe('/proc parsing', () => {
  it('reads a stat line whose command name holds spaces and parentheses', () => {
    const line = '4242 (postgres: wal (writer)) S 4200 4200 4200 0 -1 4194560 300 0 0 0 1234 567 89 10 20 0 1 0 5000 170000000 2000 18446744073709551615';
    expect(parseStat(line)).toEqual({ pid: 4242, comm: 'postgres: wal (writer)', ppid: 4200, utime: 1234, stime: 567, cutime: 89, cstime: 10 });
  });

  it('reads kB fields of status and smaps_rollup in bytes', () => {
    const status = 'Name:\tnode\nVmPeak:\t 999 kB\nVmRSS:\t  204800 kB\nThreads:\t11\n';
    expect(parseKbField(status, 'VmRSS')).toBe(204800 * 1024);
    expect(parseKbField('Rss: 10 kB\nPss:   7 kB\n', 'Pss')).toBe(7 * 1024);
    expect(parseKbField(status, 'Pss')).toBeNull();
  });

  it('counts busy machine ticks without idle and iowait, and the ticks stolen by the hypervisor', () => {
    const stat = 'cpu  100 5 50 1000 20 3 2 7 0 0\ncpu0 50 2 25 500 10 1 1 4 0 0\n';
    expect(parseMachineTicks(stat)).toEqual({ busy: 167, steal: 7, total: 1187 });
  });

  it('reads a counter of /proc/net/netstat', () => {
    const netstat = 'TcpExt: SyncookiesSent ListenOverflows ListenDrops\nTcpExt: 3 1899 1900\nIpExt: InNoRoutes\nIpExt: 0\n';
    expect(parseNetstatCounter(netstat, 'TcpExt', 'ListenOverflows')).toBe(1899);
    expect(parseNetstatCounter(netstat, 'IpExt', 'InNoRoutes')).toBe(0);
    expect(parseNetstatCounter(netstat, 'TcpExt', 'Nope')).toBeNull();
  });

  it("reads the main thread's run-queue wait from schedstat, and none from an unreadable line", () => {
    expect(parseRunQueueWaitNs('13815646591 5554000000 13682\n')).toBe(5_554_000_000);
    expect(parseRunQueueWaitNs('')).toBeNull();
  });

  it('turns the run-queue wait between two readings into a share of the window', () => {
    const at = (ms: number, waitNs: number | null): ProcSnapshot => ({ at: ms, selfTicks: 0, treeTicks: 0, rssBytes: 0, treePssBytes: 0, treeProcesses: 1, mainThreadWaitNs: waitNs });
    expect(cpuBetween(at(0, 1e9), at(20_000, 6e9)).mainThreadWaitPct).toBeCloseTo(25);
    expect(cpuBetween(at(0, null), at(20_000, 6e9)).mainThreadWaitPct).toBeNull();
  });
});

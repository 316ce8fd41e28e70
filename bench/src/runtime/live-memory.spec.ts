import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { inspectorAccess, type InspectorAccess } from './live-memory';

const MB = 1024 * 1024;

/** A node process holding 16 MB of heap and 8 MB of Buffer, and leaving 64 MB of heap garbage. */
const PROGRAM = `
  globalThis.keptHeap = Array.from({ length: 2 * ${MB} }, (_, i) => i + 0.5); // 16 MB of doubles
  globalThis.keptBuffer = Buffer.alloc(8 * ${MB}, 1);
  let garbage = Array.from({ length: 8 * ${MB} }, (_, i) => i + 0.5); // 64 MB, dropped below
  garbage = null;
  process.stderr.write('allocated');
  setInterval(() => undefined, 1000);
`;

describe('inspectorAccess', () => {
  let child: ChildProcess;
  let inspector: InspectorAccess;

  beforeAll(async () => {
    inspector = await inspectorAccess(true);
    child = spawn(process.execPath, [...inspector.nodeFlags, '-e', PROGRAM], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (d: Buffer) => String(d).includes('allocated') && resolve());
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
  });
  afterAll(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill();
    await exited;
  });

  it('reads what the process keeps, after collecting its garbage', async () => {
    const memory = await inspector.liveMemory!();
    expect(memory.heapUsedBytes).toBeGreaterThan(16 * MB);
    expect(memory.heapUsedBytes).toBeLessThan(48 * MB); // the 64 MB of garbage is gone
    expect(memory.externalBytes).toBeGreaterThanOrEqual(8 * MB);
  });
});

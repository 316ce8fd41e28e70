import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sleep } from './clients';
import { freePorts } from './free-port';

const run = promisify(execFile);

/** Debian's redis-server and redis-cli (7.x: sharded pub/sub), as deploy/local/lib/redis.sh uses them. */
const REDIS_SERVER = existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server';
const REDIS_CLI = existsSync('/usr/bin/redis-cli') ? '/usr/bin/redis-cli' : 'redis-cli';

export interface RedisClusterUnderTest {
  /** The primaries' `127.0.0.1:<port>`, comma-separated, for REDIS_CLUSTER_NODES. */
  nodes: string;
  ports: number[];
  stop(): Promise<void>;
}

/**
 * A real Redis Cluster of `primaries` primaries and no replicas, each its own redis-server
 * process with its files in one temporary directory; ready when every node reports
 * cluster_state:ok. `stop` ends the processes and removes the directory, also after a failed start.
 */
export async function startRedisCluster(primaries = 3): Promise<RedisClusterUnderTest> {
  const dir = await mkdtemp(path.join(tmpdir(), 'chat-redis-cluster-'));
  const ports = await freePorts(primaries);
  const children: ChildProcess[] = [];
  let output = '';
  const stop = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
        child.kill('SIGKILL');
        await closed;
      }),
    );
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const nodeDir = path.join(dir, String(port));
      await mkdir(nodeDir);
      // Ephemeral by design: no RDB or AOF, so a test leaves nothing but its temporary directory.
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', nodeDir, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'];
      args.push('--cluster-node-timeout', '5000', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'no');
      const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      children.push(child);
    }
    for (const port of ports) await until(async () => (await cli(port, 'PING')) === 'PONG', `redis-server on ${port} did not answer`);
    const nodes = ports.map((p) => `127.0.0.1:${p}`);
    await run(REDIS_CLI, ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
    for (const port of ports) await until(async () => (await cli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'), `node ${port} did not reach cluster_state:ok`);
    return { nodes: nodes.join(','), ports, stop };
  } catch (err) {
    await stop();
    throw new Error(`Redis Cluster did not start: ${(err as Error).message}\n${output.slice(-4000)}`, { cause: err });
  }
}

async function cli(port: number, ...command: string[]): Promise<string> {
  try {
    return (await run(REDIS_CLI, ['-p', String(port), ...command], { timeout: 5_000 })).stdout.trim();
  } catch {
    return '';
  }
}

async function until(check: () => Promise<boolean>, failure: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(failure);
    await sleep(100);
  }
}

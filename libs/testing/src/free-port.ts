import { createServer } from 'node:net';

/** A port free right now on loopback, for engines and servers a test starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `count` ports free right now, all different: the kernel may hand out a port it just closed again. */
export async function freePorts(count: number): Promise<number[]> {
  const distinct = new Set<number>();
  while (distinct.size < count) distinct.add(await freePort());
  return [...distinct];
}

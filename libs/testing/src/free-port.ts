import { createServer } from 'node:net';

/**
 * Ports handed to engines and servers a test starts are drawn below the kernel's ephemeral range
 * (32768–60999 on Linux), and below the local engines' 25432–29300: a port the kernel picked for
 * `listen(0)` and then freed is next in line for the box's outgoing connections and other
 * `listen(0)` calls, which took it more than once before the engine bound it (EADDRINUSE in CI).
 */
const FIRST = 10_000;
const COUNT = 10_000;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port free right now on loopback, for engines and servers a test starts. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const port = FIRST + Math.floor(Math.random() * COUNT);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port found in ${FIRST}–${FIRST + COUNT - 1} after 100 tries`);
}

/** `count` ports free right now, all different. */
export async function freePorts(count: number): Promise<number[]> {
  const distinct = new Set<number>();
  while (distinct.size < count) distinct.add(await freePort());
  return [...distinct];
}

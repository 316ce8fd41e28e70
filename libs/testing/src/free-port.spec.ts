import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort, freePorts } from './free-port';

describe('freePort', () => {
  it('hands out a port below the kernel’s ephemeral range that a server can bind', async () => {
    const [ephemeralFirst] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    const port = await freePort();
    expect(port).toBeLessThan(ephemeralFirst);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it('draws again when the port it drew is held', async () => {
    const held = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => held.listen(port, '127.0.0.1', resolve));
    const random = Math.random;
    // The first draw lands on the held port, later ones anywhere.
    const draws = jest.spyOn(Math, 'random').mockImplementationOnce(() => (port - 10_000 + 0.5) / 10_000).mockImplementation(random);
    try {
      const other = await freePort();
      expect(other).not.toBe(port);
      expect(draws).toHaveBeenCalledTimes(2);
    } finally {
      draws.mockRestore();
      await new Promise((resolve) => held.close(resolve));
    }
  });

  it('hands out distinct ports', async () => {
    expect(new Set(await freePorts(20)).size).toBe(20);
  });
});

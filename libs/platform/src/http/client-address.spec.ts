import type { IncomingMessage } from 'node:http';
import { clientAddress, clientNetwork, type TrustProxyFn } from './client-address';

const request = (peer: string, forwardedFor?: string) => ({ socket: { remoteAddress: peer }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;
const trustLoopback: TrustProxyFn = (address) => address === '127.0.0.1';

describe('clientAddress (req.ip for a socket handshake)', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress(request('127.0.0.1', '203.0.113.7'), () => false)).toBe('127.0.0.1');
  });

  it('walks X-Forwarded-For from the nearest hop to the first untrusted address', () => {
    expect(clientAddress(request('127.0.0.1', '198.51.100.1, 203.0.113.7'), trustLoopback)).toBe('203.0.113.7');
    expect(clientAddress(request('127.0.0.1', '198.51.100.1, 127.0.0.1'), trustLoopback)).toBe('198.51.100.1');
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), trustLoopback)).toBe('203.0.113.9');
  });

  it('takes the furthest address when every hop is trusted, and the peer when there is no header', () => {
    expect(clientAddress(request('127.0.0.1', '127.0.0.1'), trustLoopback)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1'), trustLoopback)).toBe('127.0.0.1');
  });
});

describe('clientNetwork (what per-address limits count)', () => {
  it('is an IPv4 address itself, in its IPv4 form when written as IPv4-mapped IPv6', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('is the /64 of an IPv6 address, however it is written', () => {
    const network = '2001:db8:1:2::/64';
    for (const address of ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:0DB8:0001:0002::1', '2001:db8:1:2::', '2001:db8:1:2:0:0:0:1%eth0']) {
      expect(clientNetwork(address)).toBe(network);
    }
    expect(clientNetwork('2001:db8:1:3::1')).not.toBe(network);
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientNetwork('64:ff9b::203.0.113.7')).toBe('64:ff9b:0:0::/64');
    expect(clientNetwork('1:2:3:4:5::203.0.113.7')).toBe('1:2:3:4::/64');
  });

  it('is anything else as it is written', () => {
    expect(clientNetwork('unknown')).toBe('unknown');
  });
});

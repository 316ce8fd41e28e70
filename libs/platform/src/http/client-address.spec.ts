import type { IncomingMessage } from 'node:http';
import { clientAddress, type TrustProxyFn } from './client-address';

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

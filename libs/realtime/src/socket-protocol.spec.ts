import { SOCKET_PROTOCOL_CURRENT, SOCKET_PROTOCOLS } from '@chat/contracts';
import { toApiError } from '@chat/platform';
import { negotiateProtocol, protocolFrame, UnsupportedProtocolError } from './socket-protocol';

describe('socket contract negotiation', () => {
  it('speaks the current version to a client that names none (clients from before versioning)', () => {
    expect(negotiateProtocol({ auth: { token: 't' } })).toBe(SOCKET_PROTOCOL_CURRENT);
    expect(negotiateProtocol({})).toBe(SOCKET_PROTOCOL_CURRENT);
    expect(negotiateProtocol({ auth: { protocol: '' } })).toBe(SOCKET_PROTOCOL_CURRENT);
  });

  it('takes a supported version from auth.protocol, else from the protocol query parameter', () => {
    for (const v of SOCKET_PROTOCOLS) {
      expect(negotiateProtocol({ auth: { protocol: v } })).toBe(v);
      expect(negotiateProtocol({ query: { protocol: v } })).toBe(v);
    }
  });

  it('refuses another with UNSUPPORTED_PROTOCOL (400) naming the supported versions, in the contract error shape', () => {
    let caught: unknown;
    try {
      negotiateProtocol({ auth: { protocol: 'v9' } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UnsupportedProtocolError);
    const { status, body } = toApiError(caught, 'r1');
    expect(status).toBe(400);
    expect((caught as UnsupportedProtocolError).body(body)).toEqual({
      code: 'UNSUPPORTED_PROTOCOL',
      message: expect.stringContaining('"v9"'),
      hint: expect.stringContaining('v1'),
      requestId: 'r1',
      details: [{ field: 'auth.protocol', problem: expect.stringContaining('v1') }],
      supported: [...SOCKET_PROTOCOLS],
    });
    expect(() => negotiateProtocol({ query: { protocol: 'v0' } })).toThrow(UnsupportedProtocolError);
  });

  it('tells a connected socket its version and every one served', () => {
    expect(protocolFrame('v1')).toEqual({ protocol: 'v1', supported: [...SOCKET_PROTOCOLS] });
  });
});

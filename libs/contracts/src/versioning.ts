/**
 * Versions of the socket contract (see docs/api-versions.md). A client names the one it speaks in
 * the handshake (`auth: { token, protocol: 'v1' }`, or the `protocol` query parameter); absent
 * means SOCKET_PROTOCOL_CURRENT. The server refuses one it does not serve with a connect_error
 * `UNSUPPORTED_PROTOCOL` listing `supported`, and tells every connected socket what it serves
 * (`server.protocol`). During a migration two versions are served side by side.
 */
export const SOCKET_PROTOCOLS = ['v1'] as const;

export type SocketProtocol = (typeof SOCKET_PROTOCOLS)[number];

export const SOCKET_PROTOCOL_CURRENT: SocketProtocol = 'v1';

/** `server.protocol`, sent once per connection: the version this socket speaks and every one the server serves. */
export interface ServerProtocolFrame {
  protocol: SocketProtocol;
  supported: SocketProtocol[];
}

import { ErrorCode, SOCKET_PROTOCOL_CURRENT, SOCKET_PROTOCOLS, type ApiErrorBody, type ServerProtocolFrame, type SocketProtocol } from '@chat/contracts';
import { DomainError } from '@chat/domain';

/** The handshake fields the protocol is read from: `auth.protocol`, else the `protocol` query parameter. */
export interface ProtocolHandshake {
  auth?: Record<string, unknown>;
  query?: Record<string, unknown>;
}

/** A handshake naming a contract version this server does not serve. */
export class UnsupportedProtocolError extends DomainError {
  readonly supported: SocketProtocol[] = [...SOCKET_PROTOCOLS];

  constructor(private readonly asked: string) {
    super(ErrorCode.UNSUPPORTED_PROTOCOL, `This server does not speak socket contract "${asked}"`, `Connect with one of: ${SOCKET_PROTOCOLS.join(', ')} (see docs/api-versions.md)`);
  }

  /** The contract's error shape for it: the field's problem in `details`, and `supported`. */
  body(base: ApiErrorBody): ApiErrorBody {
    return { ...base, details: [{ field: 'auth.protocol', problem: `must be one of ${SOCKET_PROTOCOLS.join(', ')} (got "${this.asked}")` }], supported: this.supported };
  }
}

/**
 * The contract version a socket speaks: the one its handshake names, or the current one when it
 * names none (so clients written before versioning keep working). Throws UnsupportedProtocolError
 * for a version this server does not serve.
 */
export function negotiateProtocol(handshake: ProtocolHandshake): SocketProtocol {
  const asked = handshake.auth?.protocol ?? handshake.query?.protocol;
  if (asked === undefined || asked === null || asked === '') return SOCKET_PROTOCOL_CURRENT;
  const name = String(asked);
  if ((SOCKET_PROTOCOLS as readonly string[]).includes(name)) return name as SocketProtocol;
  throw new UnsupportedProtocolError(name.slice(0, 32));
}

export function protocolFrame(protocol: SocketProtocol): ServerProtocolFrame {
  return { protocol, supported: [...SOCKET_PROTOCOLS] };
}

import { ErrorCode, type ApiErrorBody } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { currentRequestId, currentTraceHeaders, inSpan, REQUEST_ID_HEADER, SpanKind, type CommandDispatcher, type QueryDispatcher } from '@chat/platform';
import { SERVICE_TOKEN_HEADER } from '../service-token';
import { remoteError } from './remote-error';

export type DispatchKind = 'commands' | 'queries';

/**
 * Sends a command or query to the app that owns it: `POST <base>/internal/v1/<kind>/<ClassName>`
 * with the message's fields as JSON, the service token, the correlation id and the trace context.
 * The receiving app rebuilds the message and runs it on its own bus (InternalDispatchController).
 */
export class HttpDispatcher implements CommandDispatcher, QueryDispatcher {
  constructor(
    private readonly baseUrl: string,
    private readonly kind: DispatchKind,
    private readonly token: string,
    private readonly timeoutMs: number,
  ) {}

  execute<R>(message: object): Promise<R> {
    const name = message.constructor.name;
    return inSpan(`dispatch ${name}`, { kind: SpanKind.CLIENT, attributes: { 'rpc.method': name } }, () => this.post<R>(name, message));
  }

  private async post<R>(name: string, message: object): Promise<R> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/internal/v1/${this.kind}/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SERVICE_TOKEN_HEADER]: this.token, [REQUEST_ID_HEADER]: currentRequestId(), ...currentTraceHeaders() },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `The ${this.kind === 'commands' ? 'command' : 'query'} service is unreachable`, 'Retry shortly', { cause });
    }
    const body = (await res.json().catch(() => null)) as { result?: R; error?: ApiErrorBody } | null;
    if (res.ok && body && 'result' in body) return body.result as R;
    if (body?.error) throw remoteError(body.error);
    throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `The ${this.kind} service answered ${res.status}`, 'Retry shortly');
  }
}

import { randomUUID } from 'node:crypto';
import { ClsServiceManager } from 'nestjs-cls';

/** Header that carries the correlation id across HTTP, socket handshakes and bus events. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Accepts a caller's id only when it is short and printable, so logs cannot be forged. */
export function requestIdFrom(candidate: unknown): string {
  return typeof candidate === 'string' && /^[\w.:-]{1,100}$/.test(candidate) ? candidate : randomUUID();
}

/** The correlation id of the current request, socket event or consumed event. */
export function currentRequestId(): string {
  const cls = ClsServiceManager.getClsService();
  return (cls.isActive() && cls.getId()) || 'none';
}

/** Runs `fn` with its own correlation context (for socket events and bus consumers). */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  const cls = ClsServiceManager.getClsService();
  return cls.run(() => {
    cls.set('CLS_ID', requestId);
    return fn();
  });
}

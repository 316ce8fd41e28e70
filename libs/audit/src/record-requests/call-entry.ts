import type { AuditAction, AuditOutcome } from '@chat/contracts';
import { currentRequestId } from '@chat/platform';
import type { NewAuditEntry } from '../audit-log.repository';
import { timeOrderedId } from '../time-ordered-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longest value kept from a request: a detail is context, not a copy of what was asked. */
const DETAIL_MAX_CHARS = 200;

/** One call of an audited route or socket event, as the caller made it. */
export interface AuditedCall {
  action: AuditAction;
  tenantId: string;
  occurredAt: Date;
  ip: string | null;
  /** The conversation the call names, as given: an id that is not a UUID is kept in the details. */
  conversation: unknown;
  details: Record<string, unknown>;
}

/** The audit entry of a call's outcome (routes: AuditInterceptor; socket events: SocketCallAudit). */
export function callEntry(call: AuditedCall, outcome: AuditOutcome, actorId: string | null, errorCode: string | null, resultDetails: Record<string, unknown> = {}): NewAuditEntry {
  const details = bounded(call.details);
  let conversationId: string | null = null;
  if (typeof call.conversation === 'string' && UUID.test(call.conversation)) conversationId = call.conversation;
  // Not a conversation id (the call failed on it): kept as given, so the entry still says what was asked.
  else if (call.conversation !== undefined) details.conversationId = bounded({ v: call.conversation }).v;
  return {
    id: timeOrderedId(call.occurredAt),
    tenantId: call.tenantId,
    occurredAt: call.occurredAt,
    action: call.action,
    outcome,
    errorCode,
    actorId: actorId !== null && UUID.test(actorId) ? actorId : null,
    messageId: null,
    conversationId,
    details: { ...details, ...bounded(resultDetails) },
    requestId: currentRequestId(),
    ip: call.ip,
  };
}

function bounded(details: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (value === undefined) continue;
    // null is kept as null: for some fields it is what was asked (a quota back to its default).
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) kept[key.slice(0, 50)] = value;
    else kept[key.slice(0, 50)] = (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, DETAIL_MAX_CHARS);
  }
  return kept;
}

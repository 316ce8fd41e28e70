import type { Message } from '@chat/contracts';
import type { SessionApi } from './session-api';

/**
 * The messages from seq `first` to `last` (those shown) as the server has them now, as served:
 * after a reconnect, the edits, deletions and reactions made while the socket was down. Page after
 * page with `after`, till `last` is covered or the conversation ends. The pages are of the server's
 * default size: any size named here might be beyond its HISTORY_MAX_LIMIT, and be refused. A failed
 * page ends it with what came before; the rest is fetched again at the next reconnect.
 */
export async function shownAgain(api: Pick<SessionApi, 'history'>, conversationId: string, first: number, last: number): Promise<Message[]> {
  const served: Message[] = [];
  try {
    for (let after = first - 1, more = true; more && after < last; ) {
      const page = await api.history(conversationId, { after });
      served.push(...page.messages);
      after = page.messages.at(-1)?.seq ?? last;
      more = page.hasMore;
    }
  } catch {
    // Kept: what came before the failure is news all the same.
  }
  return served;
}

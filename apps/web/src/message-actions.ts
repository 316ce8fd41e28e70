import type { Message } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import type { Notifier } from './notifier';
import type { SessionApi } from './session-api';

/** What an edit came to: saved (the server's copy), refused because the message changed meanwhile, or failed otherwise. */
export type EditOutcome = { kind: 'saved'; message: Message } | { kind: 'conflict' } | { kind: 'failed' };

/**
 * Edit, delete and reactions through the API. The counts the server sends do not say who
 * reacted, so "mine" is what I did in this page; the toggle stays honest anyway, because PUT
 * of a reaction I already have and DELETE of one I do not have change nothing on the server.
 */
export class MessageActions {
  /** `${messageId} ${emoji}` of the reactions I made in this page. */
  private readonly myReactions = new Set<string>();

  constructor(
    private readonly api: SessionApi,
    private readonly notifier: Notifier,
  ) {}

  reactedByMe(messageId: string, emoji: string): boolean {
    return this.myReactions.has(reactionKey(messageId, emoji));
  }

  /** Adds my reaction, or takes it back when I made it; answers the counts after the change (null when refused). */
  async toggleReaction(message: Message, emoji: string): Promise<Record<string, number> | null> {
    const key = reactionKey(message.id, emoji);
    const adding = !this.myReactions.has(key);
    try {
      const answer = adding ? await this.api.react(message.conversationId, message.id, emoji) : await this.api.unreact(message.conversationId, message.id, emoji);
      if (adding) this.myReactions.add(key);
      else this.myReactions.delete(key);
      return answer.reactions;
    } catch (err) {
      this.notifier.error(err, adding ? 'Could not add the reaction' : 'Could not remove the reaction');
      return null;
    }
  }

  /** `version`: the one the user started editing, so an edit made elsewhere meanwhile is not overwritten unseen. */
  async edit(message: Message, body: string, version: number): Promise<EditOutcome> {
    try {
      const answer = await this.api.editMessage(message.conversationId, message.id, body, version);
      return { kind: 'saved', message: answer.message };
    } catch (err) {
      if (err instanceof ChatApiError && err.code === 'MESSAGE_VERSION_CONFLICT') {
        this.notifier.error('The message was changed elsewhere while you edited it. Check its text above your edit; Save again to replace it.');
        return { kind: 'conflict' };
      }
      this.notifier.error(err, 'Could not save the edit');
      return { kind: 'failed' };
    }
  }

  /** Asks first; true when the message is deleted. */
  async remove(message: Message, mine: boolean): Promise<boolean> {
    const question = mine ? 'Delete this message for everyone?' : 'Delete this message by another member for everyone?';
    if (!confirm(question)) return false;
    try {
      await this.api.deleteMessage(message.conversationId, message.id);
      return true;
    } catch (err) {
      this.notifier.error(err, 'Could not delete the message');
      return false;
    }
  }
}

function reactionKey(messageId: string, emoji: string): string {
  return `${messageId} ${emoji}`;
}

import type { Message, ReactionsResponse } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { reactedByMe } from './message-controls';
import type { Notifier } from './notifier';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/** What an edit came to: saved (the server's copy), refused because the message changed meanwhile, or failed otherwise. */
export type EditOutcome = { kind: 'saved'; message: Message } | { kind: 'conflict' } | { kind: 'failed' };

/** Edit, delete, reactions and pins through the API. */
export class MessageActions {
  constructor(
    private readonly api: SessionApi,
    private readonly notifier: Notifier,
  ) {}

  /** Adds my reaction, or takes it back when it is mine; answers the counts and my reactions after the change (null when refused). */
  async toggleReaction(message: Message, emoji: string): Promise<ReactionsResponse | null> {
    const adding = !reactedByMe(message, emoji);
    try {
      return adding ? await this.api.react(message.conversationId, message.id, emoji) : await this.api.unreact(message.conversationId, message.id, emoji);
    } catch (err) {
      this.notifier.error(err, t(adding ? 'message.reactFailed' : 'message.unreactFailed'));
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
        this.notifier.error(t('message.editConflict'));
        return { kind: 'conflict' };
      }
      this.notifier.error(err, t('message.editFailed'));
      return { kind: 'failed' };
    }
  }

  /** Pins the message for everyone in its conversation, or unpins it; false when refused (said in a toast, e.g. PINS_FULL). */
  async setPinned(message: Message, pinned: boolean): Promise<boolean> {
    try {
      if (pinned) await this.api.pin(message.conversationId, message.id);
      else await this.api.unpin(message.conversationId, message.id);
      return true;
    } catch (err) {
      this.notifier.error(err, t(pinned ? 'message.pinFailed' : 'message.unpinFailed'));
      return false;
    }
  }

  /** Asks first; true when the message is deleted. */
  async remove(message: Message, mine: boolean): Promise<boolean> {
    const question = t(mine ? 'message.confirmDelete' : 'message.confirmDeleteOthers');
    if (!confirm(question)) return false;
    try {
      await this.api.deleteMessage(message.conversationId, message.id);
      return true;
    } catch (err) {
      this.notifier.error(err, t('message.deleteFailed'));
      return false;
    }
  }
}

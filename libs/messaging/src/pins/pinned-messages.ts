import { Injectable } from '@nestjs/common';
import type { PinnedMessage } from '@chat/contracts';
import { MessageAttachments } from '@chat/media';
import { toMessage } from '../shared/message.mapper';
import { MessageQuotes } from '../shared/message-quotes';
import { MessagesRepository } from '../shared/messages.repository';
import type { StoredPin } from './pins.repository';

/** Pins with their messages as they are now, as history serves them (reactions, quote, attachment links). */
@Injectable()
export class PinnedMessages {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly quotes: MessageQuotes,
    private readonly attachments: MessageAttachments,
  ) {}

  /** In the order of `pins`; a pin whose message is gone (purged) is left out. */
  async of(conversationId: string, pins: readonly StoredPin[], readerId: string): Promise<PinnedMessage[]> {
    const rows = await this.messages.bySeqs(conversationId, pins.map((p) => p.seq));
    const [reactions, quoteOf] = await Promise.all([this.messages.reactions(rows.map((m) => m.id), readerId), this.quotes.of(rows)]);
    const bySeq = new Map(rows.map((m) => [m.seq, m]));
    return pins.flatMap((pin) => {
      const row = bySeq.get(pin.seq);
      if (!row) return [];
      const message = this.attachments.withUrls(toMessage(row, reactions.get(row.id), quoteOf(row)));
      return [{ message, pinnedBy: pin.pinnedBy, pinnedAt: pin.pinnedAt.toISOString() }];
    });
  }
}

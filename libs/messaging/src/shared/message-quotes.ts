import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { MessageQuote } from '@chat/contracts';
import { quoteOf } from '@chat/domain';
import type { MessageEntity } from '@chat/persistence';
import { MessagesRepository } from './messages.repository';

/** A reply's quote by the reply (see MessageQuotes.of). */
export type QuotesOf = (reply: MessageEntity) => MessageQuote | undefined;

/**
 * The quotes of replies (Message.replyTo), read when the replies are, so an edit of the answered
 * message shows and a deletion takes its text and sender away. One read of the answered messages
 * per conversation among the rows, by the (conversation, seq) index, and none when no row is a reply.
 */
@Injectable()
export class MessageQuotes {
  constructor(private readonly messages: MessagesRepository) {}

  /** `source`: where the replies were read (a read replica, or a transaction's manager: the quotes come from the same place). */
  async of(rows: readonly MessageEntity[], source?: DataSource | EntityManager): Promise<QuotesOf> {
    const wanted = new Map<string, Set<number>>();
    for (const row of rows) {
      if (row.replyToSeq === null || row.deletedAt) continue;
      const seqs = wanted.get(row.conversationId) ?? new Set<number>();
      wanted.set(row.conversationId, seqs.add(row.replyToSeq));
    }
    const answered = new Map<string, MessageEntity>();
    const found = await Promise.all([...wanted].map(([conversationId, seqs]) => this.messages.bySeqs(conversationId, [...seqs], source)));
    for (const row of found.flat()) answered.set(key(row.conversationId, row.seq), row);
    return (reply) => (reply.replyToSeq === null || reply.deletedAt ? undefined : quoteOf(reply.replyToSeq, answered.get(key(reply.conversationId, reply.replyToSeq))));
  }
}

const key = (conversationId: string, seq: number) => `${conversationId}:${seq}`;

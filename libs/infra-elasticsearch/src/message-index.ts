import type { Client } from '@elastic/elasticsearch';
import type { Message } from '@chat/contracts';

/**
 * The search index of messages, one document per message id (so re-indexing a redelivered
 * event overwrites, never duplicates). Only core features: the `standard` analyzer and keyword
 * fields for filters, so the local integ-test distribution serves it as a real cluster would.
 */
export class MessageIndex {
  constructor(
    private readonly client: Client,
    readonly name: string,
  ) {}

  async ensure(): Promise<void> {
    if (await this.client.indices.exists({ index: this.name })) return;
    await this.client.indices
      .create({
        index: this.name,
        settings: { auto_expand_replicas: '0-1' },
        mappings: {
          dynamic: 'strict',
          properties: {
            tenantId: { type: 'keyword' },
            conversationId: { type: 'keyword' },
            senderId: { type: 'keyword' },
            seq: { type: 'long' },
            body: { type: 'text', analyzer: 'standard' },
            createdAt: { type: 'date' },
          },
        },
      })
      .catch((err: { meta?: { body?: { error?: { type?: string } } } }) => {
        // Another indexer created it first.
        if (err.meta?.body?.error?.type !== 'resource_already_exists_exception') throw err;
      });
  }

  async put(tenantId: string, message: Message): Promise<void> {
    await this.client.index({
      index: this.name,
      id: message.id,
      document: { tenantId, conversationId: message.conversationId, senderId: message.senderId, seq: message.seq, body: message.body, createdAt: message.createdAt },
    });
  }
}

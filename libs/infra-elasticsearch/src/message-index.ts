import type { Client } from '@elastic/elasticsearch';

/** Fields added after the index first shipped: an existing index gets them through a mapping update. */
const ADDED_FIELDS = { deleted: { type: 'boolean' } } as const;

/**
 * The search index of messages, one document per message id, versioned externally by the
 * message's `version` (so a redelivered or late event never overwrites a newer document).
 * Only core features: the `standard` analyzer and keyword fields for filters, so the local
 * integ-test distribution serves it as a real cluster would.
 */
export class MessageIndex {
  constructor(
    private readonly client: Client,
    readonly name: string,
  ) {}

  /** The index's own id, made anew with the index (settings `index.uuid`). */
  async uuid(): Promise<string> {
    const settings = await this.client.indices.getSettings({ index: this.name, name: 'index.uuid' });
    const uuid = settings[this.name]?.settings?.index?.uuid;
    if (!uuid) throw new Error(`Elasticsearch index ${this.name} has no uuid`);
    return uuid;
  }

  async ensure(): Promise<void> {
    if (await this.client.indices.exists({ index: this.name })) {
      await this.client.indices.putMapping({ index: this.name, properties: ADDED_FIELDS });
      return;
    }
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
            ...ADDED_FIELDS,
          },
        },
      })
      .catch((err: { meta?: { body?: { error?: { type?: string } } } }) => {
        // Another app (query, search-indexer) created it first.
        if (err.meta?.body?.error?.type !== 'resource_already_exists_exception') throw err;
      });
  }
}

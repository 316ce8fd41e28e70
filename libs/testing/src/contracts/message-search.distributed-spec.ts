import { Client } from '@elastic/elasticsearch';
import { ElasticsearchMessageSearch, MessageIndex } from '@chat/infra-elasticsearch';
import { MESSAGE_SEARCH_CONTRACT, type SearchIndexUnderTest } from '@chat/platform';
import { engineEnv, runId } from '../distributed/engine-env';

/**
 * The Elasticsearch search adapter held to the same contract as Postgres full-text (run in
 * message-search.integration-spec.ts), on the engine of deploy/local, in an index of its own.
 */
describe('ElasticsearchMessageSearch (message search contract)', () => {
  let client: Client;
  let index: MessageIndex;
  beforeAll(async () => {
    client = new Client({ node: engineEnv().ELASTICSEARCH_URL });
    index = new MessageIndex(client, `${runId('search').replace('_', '-')}-messages`);
    await index.ensure();
  });
  afterAll(async () => {
    await client?.indices.delete({ index: index.name }).catch(() => undefined);
    await client?.close();
  });

  const make = async (): Promise<SearchIndexUnderTest> => ({
    index: new ElasticsearchMessageSearch(client, index),
    settle: async () => void (await client.indices.refresh({ index: index.name })),
  });
  for (const c of MESSAGE_SEARCH_CONTRACT) it(c.name, () => c.run(make));

  it('adds the fields of newer releases to an index made by an older one', async () => {
    const name = `${runId('legacy').replace('_', '-')}-messages`;
    await client.indices.create({ index: name, mappings: { dynamic: 'strict', properties: { tenantId: { type: 'keyword' }, conversationId: { type: 'keyword' }, senderId: { type: 'keyword' }, seq: { type: 'long' }, body: { type: 'text' }, createdAt: { type: 'date' } } } });
    try {
      await new MessageIndex(client, name).ensure();
      const mapping = await client.indices.getMapping({ index: name });
      expect(mapping[name].mappings.properties?.deleted).toEqual({ type: 'boolean' });
    } finally {
      await client.indices.delete({ index: name });
    }
  });
});

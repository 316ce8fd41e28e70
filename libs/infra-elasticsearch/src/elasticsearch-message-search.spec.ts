import type { Client, estypes } from '@elastic/elasticsearch';
import { isTransientError, searchDocument } from '@chat/platform';
import { ElasticsearchMessageSearch } from './elasticsearch-message-search';
import { MessageIndex } from './message-index';

type Item = estypes.BulkResponseItem;

/** An adapter on a client whose bulk requests answer 200 with these items. */
function answering(items: Partial<Record<'index' | 'delete', Item>>[]): ElasticsearchMessageSearch {
  const bulk = async (): Promise<estypes.BulkResponse> => ({ errors: items.some((i) => Object.values(i).some((op) => op?.error)), items, took: 1 });
  const client = { bulk } as unknown as Client;
  return new ElasticsearchMessageSearch(client, new MessageIndex(client, 'test-messages'));
}

const ok: Item = { _index: 'test-messages', status: 201 };
const refused = (status: number, type: string): Item => ({ _index: 'test-messages', status, error: { type, reason: `${type} reason` } });

const putFailure = (items: Partial<Record<'index', Item>>[]) =>
  answering(items)
    .put(items.map(() => searchDocument()))
    .then(
      () => null,
      (err: unknown) => err,
    );

describe('ElasticsearchMessageSearch.put on a bulk answer with refused items', () => {
  it.each([
    [429, 'es_rejected_execution_exception'],
    [503, 'unavailable_shards_exception'],
  ])('fails as transient on %i %s, so the consumer waits the cluster out instead of dead-lettering', async (status, type) => {
    const err = await putFailure([{ index: ok }, { index: refused(status, type) }]);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(type);
    expect(isTransientError(err)).toBe(true);
  });

  it('fails as transient when one item is busy and another is bad: the batch is sent again whole, then split', async () => {
    const err = await putFailure([{ index: refused(400, 'mapper_parsing_exception') }, { index: refused(429, 'es_rejected_execution_exception') }]);
    expect(isTransientError(err)).toBe(true);
  });

  it('fails as the event’s fault on a document Elasticsearch rejects (400 mapper_parsing_exception)', async () => {
    const err = await putFailure([{ index: ok }, { index: refused(400, 'mapper_parsing_exception') }]);
    expect((err as Error).message).toContain('mapper_parsing_exception');
    expect(isTransientError(err)).toBe(false);
  });

  it('succeeds when the only refusals are version conflicts (a newer version is stored already)', async () => {
    expect(await putFailure([{ index: ok }, { index: refused(409, 'version_conflict_engine_exception') }])).toBeNull();
  });
});

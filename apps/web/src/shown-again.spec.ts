import type { HistoryQuery, Message } from '@chat/contracts';
import type { SessionApi } from './session-api';
import { shownAgain } from './shown-again';

/** A server holding messages 1..`count` that answers pages of `pageSize` (its default), and fails the `failing`-th request. */
function server(count: number, pageSize: number, failing = 0) {
  const asked: HistoryQuery[] = [];
  const api = {
    history: async (_: string, query: HistoryQuery) => {
      asked.push(query);
      if (asked.length === failing) throw new TypeError('Failed to fetch');
      const after = query.after ?? 0;
      const seqs = Array.from({ length: count }, (_, i) => i + 1).filter((seq) => seq > after);
      return { messages: seqs.slice(0, pageSize).map((seq) => ({ seq }) as Message), hasMore: seqs.length > pageSize };
    },
  } as unknown as Pick<SessionApi, 'history'>;
  return { api, asked };
}

describe('shownAgain', () => {
  it('pages from the first shown message up to the last, newest included, at the server’s default size', async () => {
    const { api, asked } = server(20, 3);
    const served = await shownAgain(api, 'c', 4, 10);
    expect(asked).toEqual([{ after: 3 }, { after: 6 }, { after: 9 }]);
    expect(served.map((m) => m.seq)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('stops where the conversation ends', async () => {
    const { api, asked } = server(5, 3);
    expect((await shownAgain(api, 'c', 2, 8)).map((m) => m.seq)).toEqual([2, 3, 4, 5]);
    expect(asked).toHaveLength(2);
  });

  it('keeps what came before a failed page', async () => {
    const { api } = server(20, 3, 2);
    expect((await shownAgain(api, 'c', 1, 9)).map((m) => m.seq)).toEqual([1, 2, 3]);
  });
});

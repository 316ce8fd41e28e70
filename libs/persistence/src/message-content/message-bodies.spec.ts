import { randomBytes, randomUUID } from 'node:crypto';
import { MessageBodyCipher, MessageBodyUnreadableError } from '../message-body/message-body-cipher';
import { MessageBodies, contentStub } from './message-bodies';
import { MessageContentMissingError, type MessageContentStore } from './message-content-store';

/** A store in memory: the unit under test is the reader's logic, the S3 adapter has its own contract suite. */
class MemoryStore implements MessageContentStore {
  readonly objects = new Map<string, string>();
  gets = 0;
  async put(key: string, content: string) {
    this.objects.set(key, content);
  }
  async get(key: string) {
    this.gets++;
    const content = this.objects.get(key);
    if (content === undefined) throw new MessageContentMissingError(key);
    return content;
  }
  async remove(keys: readonly string[]) {
    for (const key of keys) this.objects.delete(key);
  }
}

describe('MessageBodies', () => {
  const cipher = new MessageBodyCipher([{ id: 'k1', key: randomBytes(32) }]);
  const plain = new MessageBodyCipher([]);

  it('keeps of a stored body only its sealed header, or nothing of a body stored as sent', () => {
    const id = randomUUID();
    expect(contentStub(cipher.seal('hello', id))).toBe('enc1:k1:');
    expect(contentStub('hello')).toBe('');
    expect(contentStub(plain.seal('enc1:k1:looks sealed', id))).toBe('');
  });

  it('opens rows in the table and rows in the store alike, in their order, fetching only the offloaded ones', async () => {
    const store = new MemoryStore();
    const bodies = new MessageBodies(cipher, store);
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await store.put(`t/${b}.1`, cipher.seal('from the store ✓', b));
    const opened = await bodies.open([
      { id: a, body: cipher.seal('in the row', a), contentKey: null },
      { id: b, body: 'enc1:k1:', contentKey: `t/${b}.1` },
      { id: c, body: '', contentKey: null },
    ]);
    expect(opened).toEqual(['in the row', 'from the store ✓', '']);
    expect(store.gets).toBe(1);
  });

  it('fails a read whose object is missing, or that has no store to read from, as an unreadable body', async () => {
    const id = randomUUID();
    const row = { id, body: 'enc1:k1:', contentKey: `t/${id}.1` };
    await expect(new MessageBodies(cipher, new MemoryStore()).open([row])).rejects.toMatchObject({ name: 'MessageBodyUnreadableError', reason: 'content-unavailable', keyId: 'k1' });
    await expect(new MessageBodies(cipher, null).open([row])).rejects.toBeInstanceOf(MessageBodyUnreadableError);
  });
});

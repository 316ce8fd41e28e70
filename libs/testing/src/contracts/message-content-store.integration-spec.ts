import { randomUUID } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { loadS3MessageContentStore, MessageContentMissingError, type MessageContentStore, type S3MessageContentStore } from '@chat/persistence';
import { pauseProcess } from '../engine-process';
import { startS3Server, type S3Server } from '../s3-server';

/** One adapter under test, on its real backend. */
interface MessageContentStoreHarness {
  store: MessageContentStore;
  close(): Promise<void>;
}

/** More keys than S3's 1000 per DeleteObjects (S3Proxy, like S3, refuses 1001): a removal in three batches. */
const MANY = 2500;
const MANY_TIMEOUT_MS = 300_000;

/** `items` through `each`, `width` at a time. */
async function inWaves<T>(items: readonly T[], width: number, each: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(each));
}

/**
 * The `MessageContentStore` port's contract, for every adapter: what reading and offloading
 * history rely on. Content comes back exactly as put; a missing object is
 * MessageContentMissingError, never another error or an empty string; removal is idempotent.
 */
function messageContentStoreContract(name: string, make: () => Promise<MessageContentStoreHarness>): void {
  describe(`MessageContentStore contract: ${name}`, () => {
    let harness: MessageContentStoreHarness;
    let store: MessageContentStore;
    const tenant = randomUUID();
    const newKey = () => `${tenant}/${randomUUID()}.1`;

    beforeAll(async () => {
      harness = await make();
      store = harness.store;
    });
    afterAll(() => harness?.close());

    it('gets back what was put: ASCII, non-ASCII, empty and a 100 KB body', async () => {
      // The last is 100,000 bytes of UTF-8 (2 + 3 + 4 + 1 a round), astral characters included.
      const contents = ['hello', 'Grüße, 你好, привет 👋🏽 — «ok»', '', 'é€𝄞x'.repeat(10_000)];
      for (const content of contents) {
        const key = newKey();
        await store.put(key, content);
        expect(await store.get(key)).toBe(content);
      }
    });

    it('overwrites on a second put of the same key (a retried pass)', async () => {
      const key = newKey();
      await store.put(key, 'first');
      await store.put(key, 'second');
      expect(await store.get(key)).toBe('second');
    });

    it('fails a get of a key it does not hold with MessageContentMissingError naming the key', async () => {
      const key = newKey();
      await expect(store.get(key)).rejects.toBeInstanceOf(MessageContentMissingError);
      await expect(store.get(key)).rejects.toMatchObject({ key });
    });

    it(`removes ${MANY} objects at once, then every get is missing`, async () => {
      const keys = Array.from({ length: MANY }, newKey);
      await inWaves(keys, 50, (key) => store.put(key, `content of ${key}`));
      await store.remove(keys);
      await inWaves(keys, 50, (key) => expect(store.get(key)).rejects.toBeInstanceOf(MessageContentMissingError));
      // 7,500 requests: over 120 s once on S3Proxy in CI, on two cores shared with the other suites.
    }, MANY_TIMEOUT_MS);

    it('removes keys it does not hold, and no keys at all, without error', async () => {
      const kept = newKey();
      await store.put(kept, 'kept');
      await expect(store.remove([newKey(), newKey()])).resolves.toBeUndefined();
      await expect(store.remove([])).resolves.toBeUndefined();
      expect(await store.get(kept)).toBe('kept');
    });

    it('refuses a key that could leave its folder, and removes nothing of a batch holding one', async () => {
      for (const bad of ['../escape', '/leading/slash', `${tenant}/../../escape`, `${tenant}/./x`, '']) {
        await expect(store.put(bad, 'x')).rejects.toThrow(/bad message content key/);
        await expect(store.get(bad)).rejects.toThrow(/bad message content key/);
      }
      const kept = newKey();
      await store.put(kept, 'kept');
      await expect(store.remove([kept, '../escape'])).rejects.toThrow(/bad message content key/);
      expect(await store.get(kept)).toBe('kept');
    });
  });
}

messageContentStoreContract('S3MessageContentStore on S3Proxy', async () => {
  const s3 = await startS3Server({ bucket: 'chat-message-content-contract' });
  const store = await loadS3MessageContentStore(s3.config('contract/'));
  return {
    store,
    close: async () => {
      store.onModuleDestroy();
      await s3.stop();
    },
  };
});

describe('S3MessageContentStore on S3Proxy: what only a bucket has', () => {
  let s3: S3Server;
  let store: S3MessageContentStore;
  beforeAll(async () => {
    s3 = await startS3Server({ bucket: 'chat-message-content-own' });
    store = await loadS3MessageContentStore(s3.config('tenants/a/'));
  });
  afterAll(async () => {
    store?.onModuleDestroy();
    await s3?.stop();
  });

  it('keeps objects under <MEDIA_S3_KEY_PREFIX>message-content/, as UTF-8 text', async () => {
    const key = `${randomUUID()}/${randomUUID()}.2`;
    await store.put(key, 'prefixed ✓');
    expect(await s3.objectKeys()).toEqual([`tenants/a/message-content/${key}`]);
    const object = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `tenants/a/message-content/${key}` }));
    // As S3Proxy's Jetty spells it back; the charset is what matters.
    expect(object.ContentType?.replace(/\s/g, '').toLowerCase()).toBe('text/plain;charset=utf-8');
    expect(Buffer.from(await object.Body!.transformToByteArray()).toString('utf8')).toBe('prefixed ✓');
    await store.remove([key]);
    expect(await s3.objectKeys()).toEqual([]);
  });

  it('keeps objects under message-content/ at the bucket root with no prefix', async () => {
    const bare = await loadS3MessageContentStore(s3.config());
    try {
      const key = `${randomUUID()}/${randomUUID()}.1`;
      await bare.put(key, 'bare');
      expect(await s3.objectKeys()).toEqual([`message-content/${key}`]);
      await bare.remove([key]);
    } finally {
      bare.onModuleDestroy();
    }
  });

  it('checks the bucket for readiness; a bucket that is not there fails the check, and a get is not "missing content" but that error', async () => {
    await expect(store.check()).resolves.toBeUndefined();
    const missing = await loadS3MessageContentStore({ ...s3.config(), bucket: 'no-such-bucket' });
    try {
      await expect(missing.check()).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
      const get = missing.get(`${randomUUID()}/${randomUUID()}.1`);
      await expect(get).rejects.toMatchObject({ name: 'NoSuchBucket' });
      await expect(get).rejects.not.toBeInstanceOf(MessageContentMissingError);
    } finally {
      missing.onModuleDestroy();
    }
  });

  it('fails a get, a put and a remove within its request timeout while the store does not answer, instead of hanging', async () => {
    const key = `${randomUUID()}/${randomUUID()}.1`;
    await store.put(key, 'held');
    const impatient = await loadS3MessageContentStore(s3.config('tenants/a/'), { requestTimeoutMs: 500 });
    await pauseProcess(s3.process);
    try {
      for (const call of [() => impatient.get(key), () => impatient.put(key, 'never stored'), () => impatient.remove([key])]) {
        const started = Date.now();
        const failed = call();
        // The SDK's AbortError, from the store's own timeout: not a missing object.
        await expect(failed).rejects.toMatchObject({ name: 'AbortError' });
        expect(Date.now() - started).toBeLessThan(3000);
      }
    } finally {
      s3.process.kill('SIGCONT');
      impatient.onModuleDestroy();
    }
    // Running again, the store answers as before (the put and remove it never answered may still land).
    await expect(store.check()).resolves.toBeUndefined();
  });
});

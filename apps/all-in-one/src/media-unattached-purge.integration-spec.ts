import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import type { Media } from '@chat/contracts';
import { MEDIA_STORAGE, MediaPurge, MediaRepository, type MediaStorage } from '@chat/media';
import { loadConfig, type AppConfig } from '@chat/platform';
import { ChatApiError } from '@chat/sdk';
import { eventually, filesUnder, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const HOUR_MS = 3_600_000;
/** How the send statement (MessagesRepository.append) begins; pg_stat_activity shows only its first 1 kB. */
const SEND_STATEMENT = 'WITH input AS (%';
/** How a send naming an upload that is not (or no longer) there is answered. */
const UNKNOWN_UPLOAD = {
  status: 400,
  body: expect.objectContaining({ code: 'VALIDATION_FAILED', details: [{ field: 'attachments.0.id', problem: 'must be the id of a file you uploaded' }] }),
};

describe('media: uploads no message carries are purged after MEDIA_UNATTACHED_TTL_HOURS', () => {
  let server: TestApp;
  let db: Client;
  let alice: TestUser;
  let conversationId: string;
  let mediaDir: string;
  beforeAll(async () => {
    server = await startTestApp(allInOne, { MEDIA_MIN_FREE_BYTES: '0' });
    mediaDir = server.config.media.dir;
    // The scheduled pass is stopped: each test runs passes of its own, at the times it chooses.
    await server.app.get(MediaPurge).onModuleDestroy();
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    alice = await signUp(server.url, 'alice');
    const bob = await signUp(server.url, 'bob');
    conversationId = (await alice.api.createConversation({ type: 'group', name: 'drafts', memberIds: [bob.id] })).conversation.id;
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  /** A purge as a newly started process runs it (its first pass looks at every upload), `ttlHours` as configured. */
  function freshPurge(ttlHours = server.config.media.unattachedTtlHours): MediaPurge {
    const config: AppConfig = { ...server.config, media: { ...server.config.media, unattachedTtlHours: ttlHours } };
    return new MediaPurge(server.app.get(MediaRepository), server.app.get<MediaStorage>(MEDIA_STORAGE), config);
  }
  const later = (hours: number) => new Date(Date.now() + hours * HOUR_MS);
  const upload = async (name: string): Promise<Media> => (await alice.api.uploadMedia(Buffer.from(`${name} ${randomUUID()}`), { name, contentType: 'text/plain' })).media;
  const stored = async (id: string) => (await filesUnder(path.join(mediaDir, 'objects'))).filter((f) => f.includes(id));
  const row = async (id: string) => (await db.query(`SELECT purge_requested_at FROM media WHERE id = $1`, [id])).rows[0];
  const send = (media: Media) => alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'see attached', attachments: [{ id: media.id }] });
  const refusal = (err: ChatApiError) => ({ status: err.status, body: err.body });
  /** Resolves once a statement of the app that reads like `pattern` (the send or the pass being raced) waits for a lock. */
  const waiting = (pattern: string, timeoutMs = 10_000) =>
    eventually(
      async () => {
        const { rows } = await db.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [pattern]);
        expect(rows.length).toBeGreaterThan(0);
      },
      { timeoutMs, intervalMs: 10 },
    );

  it('purges an old upload no message carries (file, row, quota), and keeps a fresh one and an old one a message carries', async () => {
    const repository = server.app.get(MediaRepository);
    const attached = await upload('attached.txt');
    await send(attached);
    const abandoned = await upload('abandoned.txt');
    const [{ tenant_id: tenantId }] = (await db.query(`SELECT tenant_id FROM media WHERE id = $1`, [abandoned.id])).rows;
    const usedBefore = await repository.usedBytes(tenantId);

    // Not yet 24 hours old: kept.
    await freshPurge().sweep();
    expect(await row(abandoned.id)).toEqual({ purge_requested_at: null });
    expect(await stored(abandoned.id)).toHaveLength(1);

    // A day and an hour later: the abandoned one goes, the one in a message stays.
    await freshPurge().sweep(later(25));
    expect(await row(abandoned.id)).toBeUndefined();
    expect(await stored(abandoned.id)).toEqual([]);
    expect(await repository.usedBytes(tenantId)).toBe(usedBefore - abandoned.size);
    expect((await fetch(alice.api.mediaUrl(abandoned.url))).status).toBe(404);
    expect(await send(abandoned).then(() => 'sent', refusal)).toEqual(UNKNOWN_UPLOAD);
    expect(await row(attached.id)).toEqual({ purge_requested_at: null });
    expect(await stored(attached.id)).toHaveLength(1);
    expect((await fetch(alice.api.mediaUrl(attached.url))).status).toBe(200);
  });

  it('keeps uploads no message carries however old when MEDIA_UNATTACHED_TTL_HOURS is 0, and refuses to start on a bad value', async () => {
    const kept = await upload('kept.txt');
    expect(await freshPurge(0).markUnattached(later(24 * 365))).toBe(0);
    expect(await row(kept.id)).toEqual({ purge_requested_at: null });
    for (const bad of ['-1', '1.5', 'a day', '8761']) {
      expect(() => loadConfig({ MEDIA_UNATTACHED_TTL_HOURS: bad })).toThrow(`MEDIA_UNATTACHED_TTL_HOURS must be an integer in 0..8760 (got "${bad}")`);
    }
  });

  it('race, the pass first: a send that checked the upload before the mark but stores after it is refused as an unknown upload', async () => {
    const media = await upload('late.txt');
    // The pass's own statements (MediaRepository.markUnattachedForPurge), held open before its commit.
    const pass = new Client({ connectionString: server.databaseUrl });
    await pass.connect();
    try {
      await pass.query('BEGIN');
      await pass.query('LOCK TABLE message_media IN SHARE MODE');
      await pass.query(`UPDATE media SET purge_requested_at = now() WHERE id = $1`, [media.id]);
      // The send checks the upload (the mark is not committed: it passes), then its statement waits.
      const sending = send(media).then(() => 'sent', refusal);
      await waiting(SEND_STATEMENT);
      await pass.query('COMMIT');
      expect(await sending).toEqual(UNKNOWN_UPLOAD);
    } finally {
      await pass.end();
    }
    expect((await db.query(`SELECT 1 FROM message_media WHERE media_id = $1`, [media.id])).rows).toEqual([]);
    expect((await db.query(`SELECT 1 FROM messages WHERE attachments @> $1::jsonb`, [JSON.stringify([{ id: media.id }])])).rows).toEqual([]);
    await freshPurge().sweep();
    expect(await stored(media.id)).toEqual([]);
  });

  it('race, the send first: a pass that comes while the send is storing waits for it and keeps the upload', async () => {
    const media = await upload('just-in-time.txt');
    // The send's statement, once it has taken its table locks, waits here for the conversation row.
    const holder = new Client({ connectionString: server.databaseUrl });
    await holder.connect();
    let sending: Promise<unknown>;
    let marking: Promise<number>;
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE`, [conversationId]);
      sending = send(media);
      await waiting(SEND_STATEMENT);
      marking = freshPurge().markUnattached(later(25));
      // It waits for the send's lock on message_media (up to its lock_timeout, then it gives up the pass).
      await Promise.race([waiting('LOCK TABLE message_media%', 2_000).catch(() => undefined), marking]);
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }
    const { message } = (await sending) as Awaited<ReturnType<typeof send>>;
    // The pass saw the upload carried (or gave up waiting): either way it did not mark it.
    await marking;
    expect(await row(media.id)).toEqual({ purge_requested_at: null });
    await freshPurge().sweep(later(25));
    expect(await stored(media.id)).toHaveLength(1);
    expect((await fetch(alice.api.mediaUrl(message.attachments[0].url!))).status).toBe(200);
  });
});

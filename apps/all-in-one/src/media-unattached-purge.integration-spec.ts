import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { Media } from '@chat/contracts';
import { MEDIA_STORAGE, MediaPurge, MediaQuarantineRepository, MediaRepository, MediaUrlSigner, type MediaStorage } from '@chat/media';
import { MessagesRepository, Tombstones } from '@chat/messaging';
import { loadConfig, type AppConfig } from '@chat/platform';
import { ChatApiError } from '@chat/sdk';
import { eventually, filesUnder, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** How the send statement (MessagesRepository.append) begins; pg_stat_activity shows only its first 1 kB. */
const SEND_STATEMENT = 'WITH input AS (%';
/** How a deletion releasing uploads locks them (MediaRepository.releaseFromMessages). */
const RELEASE_LOCK = 'SELECT 1 FROM media WHERE id = ANY%FOR UPDATE';
const UPLOAD_AGAIN = 'Upload the file again, then send the message with the new upload';
/** How a send naming an upload that is not (or no longer) there is answered. */
const UNKNOWN_UPLOAD = {
  status: 400,
  body: expect.objectContaining({ code: 'VALIDATION_FAILED', details: [{ field: 'attachments.0.id', problem: 'must be the id of a file you uploaded' }], hint: UPLOAD_AGAIN }),
};
/** How a send naming an upload no message carries, older than MEDIA_UNATTACHED_TTL_HOURS (24), is answered. */
const EXPIRED_UPLOAD = {
  status: 400,
  body: expect.objectContaining({
    code: 'VALIDATION_FAILED',
    details: [{ field: 'attachments.0.id', problem: 'has expired: a file no message carries is kept 24 hours after its upload' }],
    hint: UPLOAD_AGAIN,
  }),
};

describe('media: uploads no message carries expire after MEDIA_UNATTACHED_TTL_HOURS and are purged a grace later', () => {
  let server: TestApp;
  let db: Client;
  let alice: TestUser;
  let conversationId: string;
  let otherConversationId: string;
  let mediaDir: string;
  beforeAll(async () => {
    // One send statement at a time: a send behind a held one waits in the batcher, as on a busy node.
    server = await startTestApp(allInOne, { MEDIA_MIN_FREE_BYTES: '0', SEND_STATEMENTS_IN_FLIGHT: '1' });
    mediaDir = server.config.media.dir;
    // The scheduled pass is stopped: each test runs passes of its own, at the times it chooses.
    await server.app.get(MediaPurge).onModuleDestroy();
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    alice = await signUp(server.url, 'alice');
    const bob = await signUp(server.url, 'bob');
    conversationId = (await alice.api.createConversation({ type: 'group', name: 'drafts', memberIds: [bob.id] })).conversation.id;
    otherConversationId = (await alice.api.createConversation({ type: 'group', name: 'elsewhere', memberIds: [bob.id] })).conversation.id;
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  /** A purge as a newly started process runs it (its first pass looks at every upload), `ttlHours` as configured. */
  function freshPurge(ttlHours = server.config.media.unattachedTtlHours): MediaPurge {
    const config: AppConfig = { ...server.config, media: { ...server.config.media, unattachedTtlHours: ttlHours } };
    return new MediaPurge(server.app.get(MediaRepository), server.app.get(MediaQuarantineRepository), server.app.get<MediaStorage>(MEDIA_STORAGE), config);
  }
  const upload = async (name: string): Promise<Media> => (await alice.api.uploadMedia(Buffer.from(`${name} ${randomUUID()}`), { name, contentType: 'text/plain' })).media;
  /**
   * The upload as if begun `seconds` ago by the database's clock, which both the send and the pass
   * read ages by: its created_at, and (what the pass walks) its UUIDv7 id, so it answers to a new id (and link).
   * `createdAt: false` moves only the id: an upload the pass finds old, that sends still take.
   */
  const age = async (media: Media, seconds: number, { createdAt = true } = {}): Promise<Media> => {
    const [{ at }] = (await db.query(`SELECT now() - make_interval(secs => $1) AS at`, [seconds])).rows;
    const id = uuidv7({ msecs: (at as Date).getTime() });
    await db.query(`UPDATE media SET id = $2, created_at = CASE WHEN $4 THEN $3 ELSE created_at END WHERE id = $1`, [media.id, id, at, createdAt]);
    const signer = server.app.get(MediaUrlSigner);
    return { ...media, id, url: signer.url(id, 'content', signer.sign(id)) };
  };
  const HOURS = 3600;
  const TTL = 24 * HOURS;
  /** The stored objects of an upload, by the id it was uploaded with (its storage key keeps it when `age` moves the row). */
  const stored = async (uploaded: Media) => (await filesUnder(path.join(mediaDir, 'objects'))).filter((f) => f.includes(uploaded.id));
  const tenantOf = async (mediaId: string): Promise<string> => (await db.query(`SELECT tenant_id FROM media WHERE id = $1`, [mediaId])).rows[0].tenant_id;
  const row = async (id: string) => (await db.query(`SELECT purge_requested_at FROM media WHERE id = $1`, [id])).rows[0];
  const carriers = async (id: string) => (await db.query(`SELECT message_id FROM message_media WHERE media_id = $1`, [id])).rows.map((r) => r.message_id);
  const send = (media: Media, to = conversationId, clientMessageId = randomUUID()) => alice.api.sendMessage(to, { clientMessageId, body: 'see attached', attachments: [{ id: media.id }] });
  const refusal = (err: ChatApiError) => ({ status: err.status, body: err.body });
  const served = async (url: string) => (await fetch(alice.api.mediaUrl(url))).status;
  /** Resolves once a statement of the app that reads like `pattern` waits for a lock. */
  const waiting = (pattern: string, timeoutMs = 10_000) =>
    eventually(
      async () => {
        const { rows } = await db.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [pattern]);
        expect(rows.length).toBeGreaterThan(0);
      },
      { timeoutMs, intervalMs: 10 },
    );
  /**
   * Runs `work` with the conversation's row locked by another client, as a long writer would hold it: sends to it wait.
   * What `work` answers is wrapped so that sends it started are awaited only after the lock is let go.
   */
  async function holdingConversation<T extends object>(id: string, work: () => Promise<T>): Promise<T> {
    const holder = new Client({ connectionString: server.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE`, [id]);
      return await work();
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }
  }
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('purges an upload no message carries once its TTL and the grace have passed (file, row, quota), and keeps a younger one and an old one a message carries', async () => {
    const repository = server.app.get(MediaRepository);
    // Taken while young, by the new id the pass walks; its created_at stays young so the send takes it.
    const attachedUpload = await upload('attached.txt');
    const attached = await age(attachedUpload, TTL + 1 * HOURS, { createdAt: false });
    const { message } = await send(attached);
    const pastTtl = await age(await upload('past-ttl.txt'), TTL + 60);
    const abandoned = await upload('abandoned.txt');
    const tenantId = await tenantOf(abandoned.id);

    // Young: kept. Past its TTL but within the grace (MEDIA_UNATTACHED_GRACE_MINUTES, 10): sends refuse it, the pass leaves it.
    await freshPurge().sweep();
    expect(await row(abandoned.id)).toEqual({ purge_requested_at: null });
    expect(await row(pastTtl.id)).toEqual({ purge_requested_at: null });
    expect(await send(pastTtl).then(() => 'sent', refusal)).toEqual(EXPIRED_UPLOAD);

    // A day, an hour and the grace old: the abandoned one goes, the one in a message stays.
    const old = await age(abandoned, TTL + 1 * HOURS);
    const usedBefore = await repository.usedBytes(tenantId);
    expect(await stored(abandoned)).toHaveLength(1);
    expect(await served(old.url)).toBe(200);
    expect(await freshPurge().sweep()).toBe(1);
    expect(await row(old.id)).toBeUndefined();
    expect(await stored(abandoned)).toEqual([]);
    expect(await repository.usedBytes(tenantId)).toBe(usedBefore - old.size);
    expect(await served(old.url)).toBe(404);
    expect(await send(old).then(() => 'sent', refusal)).toEqual(UNKNOWN_UPLOAD);
    expect(await row(attached.id)).toEqual({ purge_requested_at: null });
    expect(await stored(attachedUpload)).toHaveLength(1);
    expect(await served(message.attachments[0].url!)).toBe(200);
  });

  it('takes an upload a message carries again however old (a re-send), and refuses one no message carries past its TTL before any pass marked it', async () => {
    const kept = await upload('kept.txt');
    await send(kept);
    await db.query(`UPDATE media SET created_at = now() - interval '1 year' WHERE id = $1`, [kept.id]);
    const { message } = await send(kept, otherConversationId);
    expect(await served(message.attachments[0].url!)).toBe(200);
    expect(await carriers(kept.id)).toHaveLength(2);

    const expired = await age(await upload('expired.txt'), TTL + 1);
    expect(await send(expired).then(() => 'sent', refusal)).toEqual(EXPIRED_UPLOAD);
    expect(await row(expired.id)).toEqual({ purge_requested_at: null });
    expect(await carriers(expired.id)).toEqual([]);
  });

  it('keeps uploads no message carries however old when MEDIA_UNATTACHED_TTL_HOURS is 0 (and sends take them), and refuses to start on a bad value', async () => {
    const kept = await age(await upload('kept.txt'), 365 * 24 * HOURS);
    expect(await freshPurge(0).markUnattached()).toBe(0);
    expect(await row(kept.id)).toEqual({ purge_requested_at: null });
    // The rule sends read (MediaRepository.findOwned, and the send statement with the same TTL): not expired.
    const [owned] = await server.app.get(MediaRepository).findOwned(await tenantOf(kept.id), alice.id, [kept.id], 0);
    expect(owned.expired).toBe(false);
    for (const bad of ['-1', '1.5', 'a day', '8761']) {
      expect(() => loadConfig({ MEDIA_UNATTACHED_TTL_HOURS: bad })).toThrow(`MEDIA_UNATTACHED_TTL_HOURS must be an integer in 0..8760 (got "${bad}")`);
    }
    for (const bad of ['0', '2.5', '1441']) {
      expect(() => loadConfig({ MEDIA_UNATTACHED_GRACE_MINUTES: bad })).toThrow(`MEDIA_UNATTACHED_GRACE_MINUTES must be an integer in 1..1440 (got "${bad}")`);
    }
  });

  it('race, the TTL passes while the send waits for its statement: the statement refuses the upload the send had found young', async () => {
    const [late, other] = [await upload('late.txt'), await upload('ahead.txt')];
    let media!: Media;
    const sending = await holdingConversation(conversationId, async () => {
      // A send ahead holds the only statement slot (SEND_STATEMENTS_IN_FLIGHT 1) while its conversation is locked.
      const ahead = send(other);
      await waiting(SEND_STATEMENT);
      // This one's check passes (the upload is a second short of its TTL); then it waits in the batcher.
      media = await age(late, TTL - 1);
      const behind = send(media).then(() => 'sent', refusal);
      await sleep(1_500);
      return { ahead, behind };
    });
    await sending.ahead;
    expect(await sending.behind).toEqual(EXPIRED_UPLOAD);
    expect(await carriers(media.id)).toEqual([]);
    expect((await db.query(`SELECT 1 FROM messages WHERE attachments @> $1::jsonb`, [JSON.stringify([{ id: media.id }])])).rows).toEqual([]);
  });

  it('race with the pass (the grace): a send that found the upload young and is still storing when a pass runs past its TTL is stored, and the upload kept', async () => {
    const media = await age(await upload('just-in-time.txt'), TTL - 2);
    const { sending } = await holdingConversation(conversationId, async () => {
      const sending = send(media);
      await waiting(SEND_STATEMENT);
      // The upload is now past its TTL (sends from now on refuse it), but not past the grace.
      await sleep(3_000);
      await freshPurge().markUnattached();
      expect(await row(media.id)).toEqual({ purge_requested_at: null });
      return { sending };
    });
    const { message } = await sending;
    expect(await row(media.id)).toEqual({ purge_requested_at: null });
    expect(await carriers(media.id)).toEqual([message.id]);
    await freshPurge().sweep();
    expect(await served(message.attachments[0].url!)).toBe(200);
  });

  it('race with a deletion releasing the upload, the deletion first: a send naming it waits for the deletion, then finds it marked and is refused', async () => {
    const media = await upload('released.txt');
    const { message: first } = await send(media, otherConversationId);
    // The deletion of the one message carrying it (Tombstones.make, as DELETE …/messages/:id runs it), held before its commit.
    let commit!: () => void;
    let released!: () => void;
    const whenReleased = new Promise<void>((resolve) => (released = resolve));
    const deleting = server.app.get(MessagesRepository).transaction(async (em) => {
      const locked = await server.app.get(MessagesRepository).lock(em, await tenantOf(media.id), otherConversationId, first.id);
      await server.app.get(Tombstones).make(em, [locked!], alice.id);
      released();
      await new Promise<void>((resolve) => (commit = resolve));
    });
    await whenReleased;
    const sending = send(media).then(() => 'sent', refusal);
    await Promise.race([waiting(SEND_STATEMENT), sending]);
    commit();
    await deleting;
    expect(await sending).toEqual(UNKNOWN_UPLOAD);
    expect(await carriers(media.id)).toEqual([]);
    expect((await row(media.id)).purge_requested_at).not.toBeNull();
  });

  it('race with a deletion releasing the upload, the send first: the deletion waits for the send, then counts its message and keeps the upload', async () => {
    const media = await upload('forwarded.txt');
    const { message: first } = await send(media, otherConversationId);
    const clientMessageId = randomUUID();
    // Another transaction inserting a message with the send's clientMessageId holds the send's insert (its unique index)
    // after the send has locked its conversation and the upload; it rolls back, and the send goes on.
    const holder = new Client({ connectionString: server.databaseUrl });
    await holder.connect();
    let sending: Promise<unknown>;
    let deleting: Promise<unknown>;
    try {
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO messages (id, tenant_id, conversation_id, seq, sender_id, client_message_id, body, attachments, created_at)
         SELECT $1, tenant_id, id, 1000000000, $3, $4, '', '[]', now() FROM conversations WHERE id = $2`,
        [uuidv7(), conversationId, alice.id, clientMessageId],
      );
      sending = send(media, conversationId, clientMessageId);
      await waiting(SEND_STATEMENT);
      deleting = alice.api.deleteMessage(otherConversationId, first.id);
      // It waits for the send's lock on the upload.
      await Promise.race([waiting(RELEASE_LOCK, 3_000), deleting]);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const { message } = (await sending) as Awaited<ReturnType<typeof send>>;
    await deleting;
    expect(await carriers(media.id)).toEqual([message.id]);
    expect(await row(media.id)).toEqual({ purge_requested_at: null });
    await freshPurge().sweep();
    expect(await served(message.attachments[0].url!)).toBe(200);
  });

  it('race with a send that fails: an upload the pass skipped because the send held it is marked by the next pass once the send has rolled back', async () => {
    const media = await age(await upload('failed-send.txt'), TTL + 1 * HOURS);
    // One process's passes, one after the other (the cursor they share is what is under test).
    const purge = freshPurge();
    // A send holds each upload it attaches FOR SHARE until it ends; this one will roll back, carrying nothing.
    const holder = new Client({ connectionString: server.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM media WHERE id = $1 FOR SHARE`, [media.id]);
      await purge.markUnattached();
      expect(await row(media.id)).toEqual({ purge_requested_at: null });
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    expect(await carriers(media.id)).toEqual([]);
    await purge.markUnattached();
    expect((await row(media.id)).purge_requested_at).not.toBeNull();
  });

  it('removes the objects of uploads that never got their row once MEDIA_ABANDONED_UPLOAD_HOURS have passed (a process that died, a refused upload), never a finished or a younger one', async () => {
    const storage = server.app.get<MediaStorage>(MEDIA_STORAGE);
    const uploads = async () => (await db.query(`SELECT storage_key FROM media_uploads ORDER BY storage_key`)).rows.map((r) => r.storage_key as string);
    const finished = await upload('finished');
    const before = await uploads();
    expect(before.some((key) => key.includes(finished.id))).toBe(false); // its row ended it

    // What a process that died after storing the bytes (and a preview) leaves: the objects and the note of its upload.
    const tenantId = await tenantOf(finished.id);
    const died = async (hoursAgo: number) => {
      const key = `${tenantId}/${uuidv7()}`;
      await storage.put(key, [Buffer.from('bytes nobody will see')], 100);
      await storage.put(`${key}.preview.webp`, [Buffer.from('a preview')], 100);
      await db.query(`INSERT INTO media_uploads (storage_key, tenant_id, started_at) VALUES ($1, $2, now() - make_interval(hours => $3))`, [key, tenantId, hoursAgo]);
      return key;
    };
    const abandoned = await died(25);
    const underWay = await died(1); // another replica's upload, still running
    // A refused upload removes its objects at once; its note waits for the pass.
    const refused = await alice.api.uploadMedia(Buffer.from('not a picture'), { name: 'x.png', contentType: 'image/png' }).then(() => null, (e: ChatApiError) => e);
    expect(refused).toMatchObject({ status: 415 });
    const [refusedKey] = (await uploads()).filter((key) => !before.includes(key) && key !== abandoned && key !== underWay);
    await db.query(`UPDATE media_uploads SET started_at = now() - interval '25 hours' WHERE storage_key = $1`, [refusedKey]);

    await freshPurge().sweep();
    expect(await storage.stat(abandoned)).toBeNull();
    expect(await storage.stat(`${abandoned}.preview.webp`)).toBeNull();
    expect(await storage.stat(underWay)).toEqual({ size: 21 });
    expect(await stored(finished)).toHaveLength(1);
    expect(await uploads()).toEqual([...before, underWay].sort());
  });
});

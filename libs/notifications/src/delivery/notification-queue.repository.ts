import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConversationType, Message, NotificationSettings } from '@chat/contracts';
import { DEFAULT_NOTIFICATION_SETTINGS, accountBanInForce, type Addressed } from '@chat/domain';
import { MessageBodies, MessageBodyUnreadableError, PreparedStatement, uuidArrayLiteral } from '@chat/persistence';
import { toSettings } from '../settings/notification-settings.repository';

/** A sent message as the queue needs it. */
export interface SentMessage {
  tenantId: string;
  message: Pick<Message, 'id' | 'conversationId' | 'senderId' | 'seq' | 'createdAt' | 'replyTo' | 'mentions'>;
}

/** One recipient who may be notified of one message, before presence is checked. */
export interface Candidate {
  sent: SentMessage;
  userId: string;
}

/** A claimed queue row with what the dispatcher decides and writes with, read in the same statement. */
export interface DueNotification {
  id: string;
  tenantId: string;
  userId: string;
  conversationId: string;
  seq: number;
  messageCreatedAt: Date;
  /** Tries so far, this one included. */
  attempts: number;
  conversationType: ConversationType;
  conversationName: string | null;
  /** Null when the recipient is no longer a member, or the conversation is gone. */
  member: { muted: boolean; lastReadSeq: number } | null;
  /** `addressed`: how it is addressed to the recipient, read now (a reply counts while the answered message stands). */
  message: { body: string; attachments: number; voiceMs: number | null; deleted: boolean; addressed: Addressed; senderName: string; senderAvatarUrl: string | null };
  /** `emailAddress` only when verified (null otherwise): what delivery may use. */
  settings: NotificationSettings;
  /** The recipient's language (UserPreferences.locale), which the texts are written in. */
  recipientLocale: string | null;
  /** The recipient's account is banned (while the ban holds) or deleted, read now. */
  recipientBarred: boolean;
  /** The recipient blocks the message's sender, read now (the block may be newer than the row). */
  senderBlocked: boolean;
}

/**
 * The queue of notifications waiting to go out. `due_at` is the only schedule: a row is claimed by
 * moving it a lease into the future (a dispatcher that dies mid-send leaves it to be claimed again
 * once the lease ends), and a failed try moves it by the backoff.
 */
@Injectable()
export class NotificationQueueRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bodies: MessageBodies,
  ) {}

  /**
   * Members who would be notified of these messages whatever their presence: everyone but the
   * sender who has not muted the conversation nor blocked the sender, wants channel messages when it is a channel, and can
   * be reached (push on with a registered browser, or email on with a verified address, each only when the
   * server has it); those a message is addressed to (the sender of the message a reply answers,
   * the members it mentions) whatever their mute and channel settings (see dropReason). One
   * statement for the whole batch.
   */
  async candidates(sent: readonly SentMessage[], reach: { push: boolean; email: boolean }): Promise<Candidate[]> {
    const answered = sent.map(({ message: { replyTo } }) => (replyTo && !replyTo.deleted ? replyTo.senderId : null));
    const mentioned = sent.map(({ message: { mentions } }) => uuidArrayLiteral(mentions ?? []));
    const rows = await CANDIDATES.run(this.dataSource, [sent.map((s) => s.message.conversationId), sent.map((s) => s.message.senderId), reach.push, reach.email, answered, mentioned]);
    return rows.map((r) => ({ sent: sent[Number(r.ord) - 1], userId: r.user_id }));
  }

  /** Queues one notification per recipient and message; a redelivered event queues nothing twice. */
  async enqueue(candidates: readonly Candidate[], delayMs: number): Promise<void> {
    if (candidates.length === 0) return;
    await ENQUEUE.run(this.dataSource, [
      candidates.map((c) => c.sent.tenantId),
      candidates.map((c) => c.userId),
      candidates.map((c) => c.sent.message.conversationId),
      candidates.map((c) => c.sent.message.id),
      candidates.map((c) => c.sent.message.seq),
      candidates.map((c) => c.sent.message.createdAt),
      delayMs,
    ]);
  }

  /**
   * Claims up to `limit` due rows for `leaseMs`, counting the try, and with them the same
   * recipients' newer rows of the same conversations (a notification covers what arrived since).
   */
  async claimDue(limit: number, leaseMs: number): Promise<DueNotification[]> {
    const rows: ClaimedRow[] = await this.dataSource.query(CLAIM_DUE, [limit, leaseMs]);
    return Promise.all(rows.map(async (r) => toDue(await this.openBody(r))));
  }

  /** Sent or dropped: gone from the queue. */
  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length) await this.dataSource.query(`DELETE FROM notification_queue WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async retryLater(ids: readonly string[], delayMs: number, error: string): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(`UPDATE notification_queue SET due_at = now() + make_interval(secs => $2::float8 / 1000), last_error = $3 WHERE id = ANY($1::uuid[])`, [ids, delayMs, error]);
  }

  /**
   * The body as stored is sealed when MESSAGE_ENCRYPTION_KEYS is set, or offloaded to the content
   * store. One that does not open or cannot be fetched (the cipher logs it) is treated as a deleted message's, which is not notified: failing the whole
   * claim would hold back everyone else's notifications with it.
   */
  private async openBody(r: ClaimedRow): Promise<ClaimedRow> {
    if (r.message_id === null || (r.body === '' && r.content_key === null)) return r;
    try {
      const [body] = await this.bodies.open([{ id: r.message_id, body: r.body, contentKey: r.content_key }]);
      return { ...r, body };
    } catch (err) {
      if (!(err instanceof MessageBodyUnreadableError)) throw err;
      return { ...r, body: '', deleted: true };
    }
  }
}

const CANDIDATES = new PreparedStatement<{ ord: string; user_id: string }>(
  'notification-candidates',
  `SELECT e.ord, m.user_id
     FROM unnest($1::uuid[], $2::uuid[], $5::uuid[], $6::text[]) WITH ORDINALITY AS e(conversation_id, sender_id, answered_id, mentioned, ord)
     JOIN conversations c ON c.id = e.conversation_id
     JOIN conversation_members m ON m.conversation_id = e.conversation_id AND m.user_id <> e.sender_id
     LEFT JOIN notification_settings s ON s.user_id = m.user_id
     CROSS JOIN LATERAL (SELECT m.user_id = e.answered_id OR m.user_id = ANY (e.mentioned::uuid[]) AS addressed) a
    WHERE (NOT m.muted OR a.addressed)
      AND (c.type <> 'channel' OR s.channels OR a.addressed)
      -- Someone who blocked the sender is not notified of the messages of groups and channels they share.
      AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = m.user_id AND b.blocked_id = e.sender_id)
      AND ((coalesce(s.push, true) AND $3::boolean AND EXISTS (SELECT 1 FROM push_subscriptions p WHERE p.tenant_id = m.tenant_id AND p.user_id = m.user_id))
           OR (s.email AND s.email_address IS NOT NULL AND s.email_verified_at IS NOT NULL AND $4::boolean))`,
);

const ENQUEUE = new PreparedStatement(
  'notification-enqueue',
  `INSERT INTO notification_queue (id, tenant_id, user_id, conversation_id, message_id, seq, message_created_at, due_at)
   SELECT gen_random_uuid(), t, u, c, m, s, at, now() + make_interval(secs => $7::float8 / 1000)
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int8[], $6::timestamptz[]) AS x(t, u, c, m, s, at)
   ON CONFLICT (user_id, message_id) DO NOTHING`,
);

const CLAIM_DUE = `
  WITH due AS (
    SELECT DISTINCT user_id, conversation_id
      FROM (SELECT user_id, conversation_id FROM notification_queue WHERE due_at <= now() ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED) d
  ), taken AS (
    -- With each due row, the same recipient's other rows of that conversation still waiting out their
    -- delay (never tried), so they go out together; rows on another dispatcher's lease are skipped.
    SELECT q.id FROM notification_queue q JOIN due USING (user_id, conversation_id)
     WHERE q.due_at <= now() OR q.attempts = 0
       FOR UPDATE OF q SKIP LOCKED
  ), claimed AS (
    UPDATE notification_queue q SET due_at = now() + make_interval(secs => $2::float8 / 1000), attempts = q.attempts + 1
     WHERE q.id IN (SELECT id FROM taken)
    RETURNING q.*
  )
  SELECT cl.id, cl.tenant_id, cl.user_id, cl.conversation_id, cl.message_id, cl.seq, cl.message_created_at, cl.attempts,
         c.type, c.name, c.id IS NOT NULL AND m.user_id IS NOT NULL AS is_member, m.muted, m.last_read_seq,
         coalesce(msg.body, '') AS body, msg.content_key, coalesce(jsonb_array_length(msg.attachments), 0) AS attachments,
         (SELECT (a->>'durationMs')::int FROM jsonb_array_elements(msg.attachments) a WHERE a->>'kind' = 'voice' LIMIT 1) AS voice_ms,
         msg.id IS NULL OR msg.deleted_at IS NOT NULL AS deleted,
         CASE WHEN answered.sender_id = cl.user_id AND answered.deleted_at IS NULL THEN 'reply'
              WHEN cl.user_id = ANY (msg.mentions) THEN 'mention' END AS addressed,
         coalesce(sender.display_name, '') AS sender_name, sender.avatar_url AS sender_avatar_url,
         s.push, s.email, s.email_address, s.email_verified_at IS NOT NULL AS email_verified, s.channels, recipient.locale AS recipient_locale,
         recipient.banned_at AS recipient_banned_at, recipient.banned_until AS recipient_banned_until,
         recipient.id IS NULL OR recipient.deleted_at IS NOT NULL AS recipient_deleted,
         EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = cl.user_id AND b.blocked_id = msg.sender_id) AS sender_blocked
    FROM claimed cl
    LEFT JOIN conversations c ON c.id = cl.conversation_id AND c.deleted_at IS NULL
    LEFT JOIN conversation_members m ON m.conversation_id = cl.conversation_id AND m.user_id = cl.user_id
    LEFT JOIN messages msg ON msg.id = cl.message_id
    LEFT JOIN messages answered ON answered.conversation_id = msg.conversation_id AND answered.seq = msg.reply_to_seq
    LEFT JOIN users sender ON sender.id = msg.sender_id
    LEFT JOIN notification_settings s ON s.user_id = cl.user_id
    LEFT JOIN users recipient ON recipient.id = cl.user_id`;

interface ClaimedRow {
  id: string;
  tenant_id: string;
  user_id: string;
  conversation_id: string;
  message_id: string | null;
  seq: string;
  message_created_at: Date;
  attempts: number;
  type: ConversationType | null;
  name: string | null;
  is_member: boolean;
  muted: boolean | null;
  last_read_seq: string | null;
  body: string;
  /** Set when the body is offloaded to the message content store (MessageBodies fetches it). */
  content_key: string | null;
  attachments: number;
  voice_ms: number | null;
  deleted: boolean;
  addressed: Addressed;
  sender_name: string;
  sender_avatar_url: string | null;
  push: boolean | null;
  email: boolean | null;
  email_address: string | null;
  email_verified: boolean;
  channels: boolean | null;
  recipient_locale: string | null;
  recipient_banned_at: Date | null;
  recipient_banned_until: Date | null;
  recipient_deleted: boolean;
  sender_blocked: boolean;
}

function toDue(r: ClaimedRow): DueNotification {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    userId: r.user_id,
    conversationId: r.conversation_id,
    seq: Number(r.seq),
    messageCreatedAt: r.message_created_at,
    attempts: r.attempts,
    conversationType: r.type ?? 'direct',
    conversationName: r.name,
    member: r.is_member ? { muted: r.muted ?? false, lastReadSeq: Number(r.last_read_seq ?? 0) } : null,
    message: { body: r.body, attachments: Number(r.attachments), voiceMs: r.voice_ms, deleted: r.deleted, addressed: r.addressed, senderName: r.sender_name, senderAvatarUrl: r.sender_avatar_url },
    // The settings columns are NOT NULL: all are null only for a user without a row (the defaults).
    // An address its owner has not verified counts as none: nobody is mailed at an address they did not prove theirs.
    settings: r.push === null ? DEFAULT_NOTIFICATION_SETTINGS : toSettings({ push: r.push, email: r.email!, emailAddress: r.email_verified ? r.email_address : null, channels: r.channels! }),
    recipientLocale: r.recipient_locale,
    recipientBarred: r.recipient_deleted || accountBanInForce({ bannedAt: r.recipient_banned_at, bannedUntil: r.recipient_banned_until }, Date.now()),
    senderBlocked: r.sender_blocked,
  };
}

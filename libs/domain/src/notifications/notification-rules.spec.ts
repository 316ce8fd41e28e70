import { catalogProblems } from '../i18n/catalog-parity';
import { NOTIFICATION_CATALOGS } from './notification-texts';
import { DEFAULT_NOTIFICATION_SETTINGS, dropReason, notificationText, retryDelayMs, type QueuedNotificationFacts } from './notification-rules';

const due = (over: Partial<QueuedNotificationFacts> = {}): QueuedNotificationFacts => ({
  recipientBarred: false,
  senderBlocked: false,
  seq: 10,
  messageCreatedAt: 1_000,
  messageDeleted: false,
  addressed: null,
  conversationType: 'direct',
  member: { muted: false, lastReadSeq: 9 },
  settings: DEFAULT_NOTIFICATION_SETTINGS,
  presence: { devices: 0, lastSeenAt: 500 },
  reach: { pushTargets: 1, emailAvailable: true },
  ...over,
});

describe('dropReason', () => {
  it('sends to a member who is still away from a message they have not read', () => {
    expect(dropReason(due())).toBeNull();
  });

  it('drops it once the user came back after the message was written, even if they left again', () => {
    expect(dropReason(due({ presence: { devices: 1, lastSeenAt: 2_000 } }))).toBe('delivered');
    expect(dropReason(due({ presence: { devices: 0, lastSeenAt: 1_000 } }))).toBe('delivered');
    expect(dropReason(due({ presence: { devices: 0, lastSeenAt: 999 } }))).toBeNull();
  });

  it('drops it when the message was read, deleted, or the user left or muted the conversation', () => {
    expect(dropReason(due({ member: { muted: false, lastReadSeq: 10 } }))).toBe('read');
    expect(dropReason(due({ messageDeleted: true }))).toBe('deleted');
    expect(dropReason(due({ member: null }))).toBe('left');
    expect(dropReason(due({ member: { muted: true, lastReadSeq: 0 } }))).toBe('muted');
  });

  it('drops it when the recipient blocked the sender since it was queued, even when it is addressed to them', () => {
    expect(dropReason(due({ senderBlocked: true }))).toBe('blocked');
    expect(dropReason(due({ senderBlocked: true, addressed: 'mention' }))).toBe('blocked');
  });

  it('drops it when the recipient was banned or deleted since it was queued', () => {
    expect(dropReason(due({ recipientBarred: true }))).toBe('recipient-barred');
  });

  it('follows the settings: channels only when asked, nothing with push off and no usable email', () => {
    expect(dropReason(due({ conversationType: 'channel' }))).toBe('channel-off');
    expect(dropReason(due({ conversationType: 'channel', settings: { ...DEFAULT_NOTIFICATION_SETTINGS, channels: true } }))).toBeNull();
    expect(dropReason(due({ conversationType: 'group' }))).toBeNull();
    expect(dropReason(due({ settings: { ...DEFAULT_NOTIFICATION_SETTINGS, push: false } }))).toBe('notifications-off');
    expect(dropReason(due({ settings: { push: false, email: true, emailAddress: null, channels: false } }))).toBe('notifications-off');
    expect(dropReason(due({ settings: { push: false, email: true, emailAddress: 'b@example.com', channels: false } }))).toBeNull();
  });

  it.each(['reply', 'mention'] as const)('sends a message addressed to the recipient (%s) through a mute and channels being off, not through anything else', (addressed) => {
    const reply = { addressed };
    expect(dropReason(due({ ...reply, member: { muted: true, lastReadSeq: 0 } }))).toBeNull();
    expect(dropReason(due({ ...reply, conversationType: 'channel' }))).toBeNull();
    expect(dropReason(due({ ...reply, member: { muted: true, lastReadSeq: 10 } }))).toBe('read');
    expect(dropReason(due({ ...reply, presence: { devices: 1, lastSeenAt: 2_000 } }))).toBe('delivered');
    expect(dropReason(due({ ...reply, settings: { ...DEFAULT_NOTIFICATION_SETTINGS, push: false } }))).toBe('notifications-off');
  });

  it('drops it when no registered browser and no mail server can carry it, rather than retrying in vain', () => {
    const emailToo = { push: true, email: true, emailAddress: 'b@example.com', channels: false };
    expect(dropReason(due({ reach: { pushTargets: 0, emailAvailable: true } }))).toBe('nowhere-to-send');
    expect(dropReason(due({ settings: emailToo, reach: { pushTargets: 0, emailAvailable: true } }))).toBeNull();
    expect(dropReason(due({ settings: emailToo, reach: { pushTargets: 0, emailAvailable: false } }))).toBe('nowhere-to-send');
  });
});

describe('retryDelayMs', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles with each failed attempt up to the cap', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, policy, top))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(retryDelayMs(500, policy, top)).toBe(60_000);
  });

  it('spreads retries over the upper half of the delay', () => {
    expect(retryDelayMs(3, policy, () => 0)).toBe(2_000);
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(3_000);
  });
});

describe('notificationText', () => {
  const base = { conversationType: 'group' as const, conversationName: 'Team', senderName: 'Ana', body: 'see you at 5', attachments: 0, voiceMs: null, addressed: null, count: 1, previewChars: 140, locale: null };

  it('names the conversation, or the sender of a direct message', () => {
    expect(notificationText(base)).toEqual({ title: 'Team', body: 'Ana: see you at 5' });
    expect(notificationText({ ...base, conversationType: 'direct', conversationName: null })).toEqual({ title: 'Ana', body: 'see you at 5' });
  });

  it('never shows a ciphertext body, only that an encrypted message came', () => {
    const ciphertext = JSON.stringify({ v: 1, keyVersion: 3, iv: 'A'.repeat(16), ct: 'B'.repeat(40) });
    expect(notificationText({ ...base, body: ciphertext })).toEqual({ title: 'Team', body: 'New encrypted message' });
    expect(notificationText({ ...base, body: '{"v":1,"note":"json, not an envelope"}' }).body).toContain('json, not an envelope');
  });

  it('shows the words of a formatted body without the marks', () => {
    expect(notificationText({ ...base, body: '**Deploy** at `5pm`, _not_ before' }).body).toBe('Ana: Deploy at 5pm, not before');
  });

  it('counts several messages instead of showing one', () => {
    expect(notificationText({ ...base, count: 3 })).toEqual({ title: 'Team', body: '3 new messages' });
  });

  it('shortens long bodies by code point and describes attachment-only messages', () => {
    const long = notificationText({ ...base, conversationType: 'direct', body: '😀'.repeat(20), previewChars: 5 });
    expect(long.body).toBe('😀😀😀😀…');
    expect(notificationText({ ...base, body: '', attachments: 2 }).body).toBe('Ana: sent 2 attachments');
    expect(notificationText({ ...base, body: '', attachments: 1 }).body).toBe('Ana: sent an attachment');
    expect(notificationText({ ...base, body: '', attachments: 1, voiceMs: 7_900 }).body).toBe('Ana: sent a voice message (0:07)');
    expect(notificationText({ ...base, body: 'listen', attachments: 1, voiceMs: 7_900 }).body).toBe('Ana: listen');
    // Our labels are not cut at NOTIFICATION_PREVIEW_CHARS: only what people wrote is.
    expect(notificationText({ ...base, body: '', attachments: 1, voiceMs: 7_900, previewChars: 8 }).body).toBe('Ana: sent a voice message (0:07)');
  });

  it('says a reply to the recipient or a mention of them is one, in a group or channel (in a direct conversation everything is to them)', () => {
    const reply = { ...base, addressed: 'reply' as const };
    expect(notificationText(reply)).toEqual({ title: 'Team', body: 'Ana replied to you: see you at 5' });
    expect(notificationText({ ...reply, locale: 'de' }).body).toBe('Ana hat dir geantwortet: see you at 5');
    expect(notificationText({ ...reply, body: '', attachments: 1 }).body).toBe('Ana replied to you: sent an attachment');
    expect(notificationText({ ...reply, conversationType: 'direct', conversationName: null }).body).toBe('see you at 5');
    expect(notificationText({ ...reply, count: 2 }).body).toBe('2 new messages');
    expect(notificationText({ ...base, addressed: 'mention' })).toEqual({ title: 'Team', body: 'Ana mentioned you: see you at 5' });
    expect(notificationText({ ...base, addressed: 'mention', locale: 'de' }).body).toBe('Ana hat dich erwähnt: see you at 5');
  });

  it('speaks German to a German recipient, with German plurals', () => {
    const german = { ...base, locale: 'de' };
    expect(notificationText({ ...german, count: 1 })).toEqual({ title: 'Team', body: 'Ana: see you at 5' });
    expect(notificationText({ ...german, count: 3 }).body).toBe('3 neue Nachrichten');
    expect(notificationText({ ...german, count: 1_500 }).body).toBe('1.500 neue Nachrichten');
    expect(notificationText({ ...german, body: '', attachments: 1 }).body).toBe('Ana: hat einen Anhang gesendet');
    expect(notificationText({ ...german, body: '', attachments: 1, voiceMs: 65_000 }).body).toBe('Ana: hat eine Sprachnachricht gesendet (1:05)');
    expect(notificationText({ ...german, body: '', attachments: 2, conversationType: 'direct' }).body).toBe('hat 2 Anhänge gesendet');
    expect(notificationText({ ...german, body: JSON.stringify({ v: 1, keyVersion: 1, iv: 'A'.repeat(16), ct: 'B'.repeat(40) }) }).body).toBe('Neue verschlüsselte Nachricht');
  });

  it('speaks English for a recipient without a language or with one the server has no texts in', () => {
    for (const locale of [null, 'fr', 'DE', '']) expect(notificationText({ ...base, locale, count: 2 }).body).toBe('2 new messages');
  });
});

describe('notification catalogs', () => {
  it.each(Object.keys(NOTIFICATION_CATALOGS).filter((locale) => locale !== 'en'))('%s has the English keys and parameters', (locale) => {
    expect(catalogProblems(NOTIFICATION_CATALOGS.en, NOTIFICATION_CATALOGS[locale as keyof typeof NOTIFICATION_CATALOGS])).toEqual([]);
  });
});

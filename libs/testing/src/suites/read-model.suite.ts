import type { SyncChange } from '@chat/contracts';
import type { TestUser } from '../clients';
import { eventually } from '../eventually';
import { group, say, suiteContext, type TargetFactory } from './feature-target';

/** Everything `GET /v1/sync` returns from `since` on, page by page. */
async function syncAll(user: TestUser, since: string | undefined, limit: number): Promise<{ changes: SyncChange[]; cursor: string; pages: number }> {
  const changes: SyncChange[] = [];
  let cursor = since;
  for (let pages = 1; ; pages++) {
    const page = await user.api.sync({ since: cursor, limit });
    expect(page.changes.length).toBeLessThanOrEqual(limit);
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor: page.cursor, pages };
  }
}

/** The query side: the projected conversation list and the per-user sync feed. */
export function describeReadModel(factory: TargetFactory): void {
  describe('conversation list and sync', () => {
    const ctx = suiteContext(factory);

    it('lists my conversations by latest activity with last message, unread count, read pointer and mute', async () => {
      const [alice, bob, carol] = await ctx.people(3, 'lister');
      const first = await group(alice, [bob], 'first');
      const second = await group(alice, [carol], 'second');
      await say(bob, first.id, 'older');
      await say(carol, second.id, 'newer');
      await eventually(async () => expect((await alice.api.listConversations()).conversations.map((c) => c.id)).toEqual([second.id, first.id]));
      await say(bob, first.id, 'newest');
      await eventually(async () => {
        const { conversations } = await alice.api.listConversations();
        expect(conversations.map((c) => c.id)).toEqual([first.id, second.id]);
        expect(conversations[0]).toMatchObject({ name: 'first', lastSeq: 2, memberCount: 2, unreadCount: 2, lastReadSeq: 0, muted: false, lastMessage: { body: 'newest', seq: 2, senderId: bob.id } });
      });
      await alice.api.leave(second.id).catch(() => undefined); // the owner cannot leave while others remain
      await carol.api.leave(second.id);
      await eventually(async () => expect((await carol.api.listConversations()).conversations.map((c) => c.id)).not.toContain(second.id));
      await eventually(async () => expect((await alice.api.listConversations()).conversations.find((c) => c.id === second.id)).toMatchObject({ memberCount: 1 }));
    });

    it('syncs what changed for me since a cursor, in bounded pages: new, edited and deleted messages, reads and membership', async () => {
      const [alice, bob, carol] = await ctx.people(3, 'syncer');
      const conversation = await group(alice, [bob]);
      await say(alice, conversation.id, 'before the cursor');
      const { cursor: start } = await eventually(async () => {
        const all = await syncAll(bob, undefined, 500);
        expect(all.changes.some((c) => c.type === 'message.created')).toBe(true);
        return all;
      });

      const kept = await say(alice, conversation.id, 'kept');
      const edited = await say(alice, conversation.id, 'first draft');
      const deleted = await say(alice, conversation.id, 'regrettable');
      await alice.api.editMessage(conversation.id, edited.id, 'final draft');
      await alice.api.deleteMessage(conversation.id, deleted.id);
      await alice.api.markRead(conversation.id, deleted.seq);
      await alice.api.invite(conversation.id, carol.id);
      await bob.api.setMuted(conversation.id, true);
      await bob.api.react(conversation.id, kept.id, '👍');

      const { changes, cursor, pages } = await syncAll(bob, start, 3);
      expect(pages).toBeGreaterThan(1);
      expect(changes.map((c) => c.type)).toEqual(['message.created', 'message.created', 'message.created', 'message.updated', 'message.deleted', 'read', 'member.joined', 'mute.updated', 'reaction.updated']);
      const created = changes.filter((c): c is Extract<SyncChange, { type: 'message.created' }> => c.type === 'message.created');
      expect(created.map((c) => c.message.id)).toEqual([kept.id, edited.id, deleted.id]);
      expect(created[1].message).toMatchObject({ body: 'final draft', version: 2 }); // as it is now, wherever it appears
      expect(created[2].message).toMatchObject({ body: '', attachments: [], deletedAt: expect.any(String) }); // a tombstone, content gone
      expect(JSON.stringify(changes)).not.toContain('regrettable');
      expect(changes[4]).toEqual({ type: 'message.deleted', conversationId: conversation.id, id: deleted.id, seq: deleted.seq });
      expect(changes[5]).toEqual({ type: 'read', conversationId: conversation.id, userId: alice.id, seq: deleted.seq });
      expect(changes[6]).toMatchObject({ type: 'member.joined', userId: carol.id });
      // As the live frame says it: who reacted with what, so bob's other devices mark it as his.
      expect(changes[8]).toEqual({ type: 'reaction.updated', conversationId: conversation.id, messageId: kept.id, reactions: { '👍': 1 }, userId: bob.id, emoji: '👍', added: true });
      expect(created[0].message.reactions).toEqual({ '👍': 1 });

      const again = await bob.api.sync({ since: cursor });
      expect(again).toEqual({ changes: [], cursor, hasMore: false });
      const carolSees = await syncAll(carol, start, 100);
      expect(carolSees.changes.filter((c) => c.type === 'mute.updated')).toEqual([]); // mute is private
      await expect(bob.api.sync({ since: 'not-a-cursor' })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    });

    it('tells a removed member they left, then nothing more of that conversation', async () => {
      const [alice, bob] = await ctx.people(2, 'removed');
      const conversation = await group(alice, [bob]);
      await say(alice, conversation.id, 'hello');
      const { cursor } = await syncAll(bob, undefined, 500);
      await alice.api.kick(conversation.id, bob.id);
      await say(alice, conversation.id, 'after the kick');
      const { changes } = await syncAll(bob, cursor, 100);
      expect(changes).toEqual([{ type: 'member.left', conversationId: conversation.id, userId: bob.id }]);
      await eventually(async () => expect((await bob.api.listConversations()).conversations.map((c) => c.id)).not.toContain(conversation.id));
      await expect(bob.api.history(conversation.id)).rejects.toMatchObject({ status: 404 });
    });
  });
}

import { readByCount } from '@chat/domain';
import { record, sleep } from '../clients';
import { eventually } from '../eventually';
import { SETTLE_MS, group, say, suiteContext, type TargetFactory } from './feature-target';

/** Read receipts (forward-only pointers, `read` frames, ✓✓ counts), unread counts, mute. */
export function describeReads(factory: TargetFactory): void {
  describe('read receipts, unread counts and mute', () => {
    const ctx = suiteContext(factory);

    it('moves a read pointer forward only, announces each move as read, and makes ✓✓ derivable', async () => {
      const [alice, bob, carol] = await ctx.people(3, 'reader');
      const conversation = await group(alice, [bob, carol]);
      const aliceSocket = await ctx.socket(alice, 0, [conversation.id]);
      const bobSocket = await ctx.socket(bob, 1, [conversation.id]);
      const reads = record(aliceSocket, 'read');
      const sent = [];
      for (let i = 1; i <= 5; i++) sent.push(await say(alice, conversation.id, `m${i}`));

      expect(await bobSocket.request('read', { conversationId: conversation.id, seq: 3 })).toEqual({ lastReadSeq: 3 });
      expect(await bob.api.markRead(conversation.id, 2)).toEqual({ lastReadSeq: 3 }); // never back
      expect(await bob.api.markRead(conversation.id, 99)).toEqual({ lastReadSeq: 5 }); // never past the last message
      expect(await carol.api.markRead(conversation.id, 4)).toEqual({ lastReadSeq: 4 });
      await reads.waitFor(3);
      await sleep(SETTLE_MS);
      expect(reads.frames.map(({ conversationId, userId, seq }) => ({ conversationId, userId, seq }))).toEqual([
        { conversationId: conversation.id, userId: bob.id, seq: 3 },
        { conversationId: conversation.id, userId: bob.id, seq: 5 },
        { conversationId: conversation.id, userId: carol.id, seq: 4 },
      ]);

      const { reads: pointers } = await alice.api.readPointers(conversation.id);
      // Reading implies delivery: a delivery pointer is never below the read pointer.
      expect(pointers).toEqual(
        expect.arrayContaining([
          { userId: bob.id, lastReadSeq: 5, lastDeliveredSeq: 5 },
          { userId: carol.id, lastReadSeq: 4, lastDeliveredSeq: 4 },
          { userId: alice.id, lastReadSeq: 0, lastDeliveredSeq: 0 },
        ]),
      );
      expect(sent.map((m) => readByCount(m.seq, m.senderId, pointers))).toEqual([2, 2, 2, 2, 1]);
      await expect(bobSocket.request('read', { conversationId: conversation.id, seq: -1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('counts unread as messages after my read pointer not sent by me, leaving out deleted ones', async () => {
      const [alice, bob] = await ctx.people(2, 'unread');
      const conversation = await group(alice, [bob]);
      const unreadOf = async (user: typeof alice) => (await user.api.listConversations()).conversations.find((c) => c.id === conversation.id)!;
      await say(bob, conversation.id, 'b1');
      await say(alice, conversation.id, 'a1');
      const b2 = await say(bob, conversation.id, 'b2');
      await say(bob, conversation.id, 'b3');
      await eventually(async () => expect(await unreadOf(alice)).toMatchObject({ unreadCount: 3, lastReadSeq: 0, lastSeq: 4 }));
      await eventually(async () => expect(await unreadOf(bob)).toMatchObject({ unreadCount: 1 }));

      await bob.api.deleteMessage(conversation.id, b2.id);
      await eventually(async () => expect(await unreadOf(alice)).toMatchObject({ unreadCount: 2 }));
      expect(await unreadOf(bob)).toMatchObject({ unreadCount: 1 }); // b2 was his own: deleted, it is left out once, not twice
      await alice.api.markRead(conversation.id, 3);
      await eventually(async () => expect(await unreadOf(alice)).toMatchObject({ unreadCount: 1, lastReadSeq: 3 }));
      await alice.api.markRead(conversation.id, 4);
      await eventually(async () => expect(await unreadOf(alice)).toMatchObject({ unreadCount: 0, lastReadSeq: 4 }));
      const late = (await ctx.people(1, 'late'))[0];
      await alice.api.invite(conversation.id, late.id);
      await eventually(async () => expect(await unreadOf(late)).toMatchObject({ unreadCount: 0, lastReadSeq: 4 })); // a newcomer starts read up to the join
    });

    it('mutes per member: shown in my list and on my devices, and the messages are still delivered', async () => {
      const [alice, bob] = await ctx.people(2, 'muter');
      const conversation = await group(alice, [bob]);
      const phone = await ctx.socket(bob, 0, [conversation.id]);
      const laptop = await ctx.socket(bob, 1);
      const muteFrames = record(laptop, 'mute.updated');
      const delivered = record(phone, 'message.created');
      expect(await bob.api.setMuted(conversation.id, true)).toEqual({ muted: true });
      expect(await bob.api.setMuted(conversation.id, true)).toEqual({ muted: true });
      await muteFrames.waitFor(1);
      expect(muteFrames.frames[0]).toMatchObject({ conversationId: conversation.id, muted: true });
      await say(alice, conversation.id, 'still delivered');
      await delivered.waitFor(1);
      await eventually(async () => expect((await bob.api.listConversations()).conversations.find((c) => c.id === conversation.id)).toMatchObject({ muted: true, unreadCount: 1 }));
      expect((await alice.api.listConversations()).conversations.find((c) => c.id === conversation.id)).toMatchObject({ muted: false });
      await bob.api.setMuted(conversation.id, false);
      await muteFrames.waitFor(2);
      await sleep(SETTLE_MS);
      expect(muteFrames.frames.map((f) => f.muted)).toEqual([true, false]);
    });
  });
}

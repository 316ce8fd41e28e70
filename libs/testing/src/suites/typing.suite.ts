import { record, sleep } from '../clients';
import { eventually } from '../eventually';
import { SETTLE_MS, group, say, suiteContext, type TargetFactory } from './feature-target';

/** Typing: several typists listed, expiry TYPING_TTL_SECONDS after the last typing event, at once on stop and on send. */
export function describeTyping(factory: TargetFactory): void {
  describe('typing', () => {
    const ctx = suiteContext(factory);
    it('lists everyone typing now and drops an entry a typing TTL after that user’s last typing event', async () => {
      const ttl = ctx.target.typingTtlMs;
      const [alice, bob, carol] = await ctx.people(3, 'typist');
      const conversation = await group(alice, [bob, carol]);
      const [a, b, c] = await Promise.all([ctx.socket(alice, 0, [conversation.id]), ctx.socket(bob, 1, [conversation.id]), ctx.socket(carol, 0, [conversation.id])]);
      const seen = record(c, 'typing');
      const lists = () => seen.frames.map((f) => f.userIds);

      await a.request('typing', { conversationId: conversation.id, isTyping: true });
      await b.request('typing', { conversationId: conversation.id, isTyping: true });
      await eventually(() => expect(lists().at(-1)).toEqual([alice.id, bob.id].sort()));
      expect(seen.frames.every((f) => f.conversationId === conversation.id)).toBe(true);

      const t0 = Date.now();
      await ctx.passTime(2_000);
      await b.request('typing', { conversationId: conversation.id, isTyping: true }); // bob keeps typing: his entry restarts
      const framesBefore = seen.frames.length;
      if (ctx.target.clock) {
        // Exact boundaries: alice's entry counts until a TTL after her event, bob's until a TTL after his (2 s later).
        await ctx.passTime(ttl - 2_101); // 101 ms before alice's entry ends
        expect(seen.frames.length).toBe(framesBefore);
        await ctx.passTime(101);
        await eventually(() => expect(lists().at(-1)).toEqual([bob.id]));
        await ctx.passTime(1_999); // bob's entry has 1 ms left
        expect(lists().at(-1)).toEqual([bob.id]);
        await ctx.passTime(1);
        await eventually(() => expect(lists().at(-1)).toEqual([]));
      } else {
        // Real time: alice drops out about a TTL after her event, bob about 2 s later.
        await eventually(() => expect(lists().at(-1)).toEqual([bob.id]), { timeoutMs: 8_000 });
        expect(Date.now() - t0).toBeGreaterThan(ttl - 3_000);
        expect(seen.frames.slice(framesBefore, -1)).toEqual([]);
        await eventually(() => expect(lists().at(-1)).toEqual([]), { timeoutMs: 8_000 });
      }
    });

    it('ends an entry at once when the typist stops or sends', async () => {
      const [alice, bob] = await ctx.people(2, 'sender');
      const conversation = await group(alice, [bob]);
      const [a, b] = await Promise.all([ctx.socket(alice, 0, [conversation.id]), ctx.socket(bob, 1, [conversation.id])]);
      const seen = record(b, 'typing');
      await a.request('typing', { conversationId: conversation.id, isTyping: true });
      await eventually(() => expect(seen.frames.at(-1)?.userIds).toEqual([alice.id]));
      await a.request('typing', { conversationId: conversation.id, isTyping: false });
      await eventually(() => expect(seen.frames.at(-1)?.userIds).toEqual([]));

      await a.request('typing', { conversationId: conversation.id, isTyping: true });
      await eventually(() => expect(seen.frames.at(-1)?.userIds).toEqual([alice.id]));
      const created = record(b, 'message.created');
      await say(alice, conversation.id, 'done typing'); // over REST: the sender's entry ends all the same
      await created.waitFor(1);
      await eventually(() => expect(seen.frames.at(-1)?.userIds).toEqual([]));
    });

    it('refuses typing from outsiders and from a member once removed, and sends them no typing frames', async () => {
      const [alice, bob, outsider] = await ctx.people(3, 'gate');
      const conversation = await group(alice, [bob]);
      const [a, b, o] = await Promise.all([ctx.socket(alice, 0, [conversation.id]), ctx.socket(bob, 1, [conversation.id]), ctx.socket(outsider, 0)]);
      await expect(o.request('typing', { conversationId: conversation.id, isTyping: true })).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
      const bobSees = record(b, 'typing');
      const bobLeft = record(b, 'member.left');
      await alice.api.kick(conversation.id, bob.id);
      await bobLeft.waitFor(1);
      await expect(b.request('typing', { conversationId: conversation.id, isTyping: true })).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
      await a.request('typing', { conversationId: conversation.id, isTyping: true });
      await sleep(SETTLE_MS);
      expect(bobSees.frames).toEqual([]);
    });
  });
}

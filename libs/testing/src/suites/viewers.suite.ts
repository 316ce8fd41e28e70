import { record } from '../clients';
import { eventually } from '../eventually';
import { group, suiteContext, type TargetFactory } from './feature-target';

/**
 * Viewers: who has a conversation open now (`conversation.view`), one conversation per socket,
 * each person once however many of their sockets show it; across gateways on the split deployment.
 */
export function describeViewers(factory: TargetFactory): void {
  describe('viewers', () => {
    const ctx = suiteContext(factory);

    it('lists who has the conversation open; showing another takes a socket out of the first; a person stays while any socket of theirs shows it', async () => {
      const [alice, bob, carol] = await ctx.people(3, 'viewer');
      const [first, second] = await Promise.all([group(alice, [bob, carol]), group(alice, [bob, carol])]);
      const watcher = await ctx.socket(carol, 0, [first.id, second.id]);
      const seen = record(watcher, 'viewers');
      const latest = (conversationId: string) => seen.frames.filter((f) => f.conversationId === conversationId).at(-1)?.userIds;
      const [a, b, alicesOtherTab] = await Promise.all([ctx.socket(alice, 0), ctx.socket(bob, 1), ctx.socket(alice, 1)]);

      await expect(a.request('conversation.view', { conversationId: first.id })).resolves.toEqual({ viewers: [alice.id] });
      await eventually(() => expect(latest(first.id)).toEqual([alice.id]));
      await expect(b.request('conversation.view', { conversationId: first.id })).resolves.toEqual({ viewers: [alice.id, bob.id].sort() });
      await alicesOtherTab.request('conversation.view', { conversationId: first.id });
      await eventually(() => expect(latest(first.id)).toEqual([alice.id, bob.id].sort()));

      // One conversation at a time per socket: Alice's first tab moves on; her other tab keeps her in the first.
      await expect(a.request('conversation.view', { conversationId: second.id })).resolves.toEqual({ viewers: [alice.id] });
      await eventually(() => expect(latest(second.id)).toEqual([alice.id]));
      expect(latest(first.id)).toEqual([alice.id, bob.id].sort());
      alicesOtherTab.close();
      await eventually(() => expect(latest(first.id)).toEqual([bob.id]));
      await b.request('conversation.view', { conversationId: null });
      await eventually(() => expect(latest(first.id)).toEqual([]));
    });

    it('drops a socket that stopped heartbeating a presence lease after its last beat', async () => {
      const [alice, bob] = await ctx.people(2, 'lapse');
      const conversation = await group(alice, [bob]);
      const watcher = await ctx.socket(bob, 0, [conversation.id]);
      const seen = record(watcher, 'viewers');
      const a = await ctx.socket(alice, 1);
      await a.request('conversation.view', { conversationId: conversation.id });
      await eventually(() => expect(seen.frames.at(-1)?.userIds).toEqual([alice.id]));
      // Beats renew it: a lease and more later she is still there.
      const stopBeating = a.startHeartbeat(5_000);
      await ctx.idleFor(ctx.target.leaseMs + 1_000, a);
      stopBeating();
      expect(seen.frames.at(-1)?.userIds).toEqual([alice.id]);
      if (!ctx.target.clock) return; // For real, a lease's wait (30 s) is left to the embedded run's clock.
      ctx.target.clock.advance(ctx.target.leaseMs);
      await eventually(() => expect(seen.frames.at(-1)?.userIds).toEqual([]));
    });

    it('subscribes a socket to the conversation it shows, and ends a removed member’s entry at their next heartbeat', async () => {
      const [alice, bob] = await ctx.people(2, 'removed');
      const conversation = await group(alice, [bob]);
      const [a, b] = await Promise.all([ctx.socket(alice, 0), ctx.socket(bob, 1)]);
      const seen = record(a, 'viewers');
      await a.request('conversation.view', { conversationId: conversation.id });
      await b.request('conversation.view', { conversationId: conversation.id });
      await eventually(() => expect(seen.frames.at(-1)?.userIds).toEqual([alice.id, bob.id].sort()));

      const left = record(b, 'member.left');
      await alice.api.kick(conversation.id, bob.id);
      await left.waitFor(1);
      await eventually(async () => {
        await b.request('presence.heartbeat', {});
        expect(seen.frames.at(-1)?.userIds).toEqual([alice.id]);
      });
      await expect(b.request('conversation.view', { conversationId: conversation.id })).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
    });

    it('refuses outsiders and anything but a conversation id or null', async () => {
      const [alice, bob, outsider] = await ctx.people(3, 'view-gate');
      const conversation = await group(alice, [bob]);
      const o = await ctx.socket(outsider, 0);
      await expect(o.request('conversation.view', { conversationId: conversation.id })).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
      for (const bad of [{}, { conversationId: 'general' }, { conversationId: 42 }]) {
        await expect(o.request('conversation.view', bad as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      await expect(o.request('conversation.view', { conversationId: null })).resolves.toEqual({ viewers: [] });
    });
  });
}

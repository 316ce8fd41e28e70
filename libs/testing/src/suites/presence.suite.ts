import { record, sleep } from '../clients';
import { eventually } from '../eventually';
import { SETTLE_MS, group, say, suiteContext, type TargetFactory } from './feature-target';

/** Presence: multi-device and multi-tab, heartbeats and their lease (PRESENCE_LEASE_SECONDS), away, clean and unclean disconnects, who hears it. */
export function describePresence(factory: TargetFactory): void {
  describe('presence', () => {
    const ctx = suiteContext(factory);

    it('is online while any device is connected and offline at once when the last one closes cleanly', async () => {
      const [alice, bob] = await ctx.people(2, 'presence');
      const conversation = await group(alice, [bob]);
      const watcher = await ctx.socket(bob, 1, [conversation.id]);
      const frames = record(watcher, 'presence');
      const aliceOf = () => frames.frames.filter((f) => f.userId === alice.id);

      const phone = await ctx.socket(alice, 0);
      await eventually(() => expect(aliceOf().at(-1)).toMatchObject({ status: 'online' }));
      const laptop = await ctx.socket(alice, 1);
      phone.close();
      await sleep(SETTLE_MS);
      expect(aliceOf().map((f) => f.status)).toEqual(['online']);
      const details = await bob.api.getConversation(conversation.id);
      expect(details.members.find((m) => m.userId === alice.id)).toMatchObject({ presence: 'online' });

      laptop.close();
      await eventually(() => expect(aliceOf().map((f) => f.status)).toEqual(['online', 'offline']));
      expect(aliceOf()[1].lastSeenAt).toEqual(expect.any(String));
      const after = await bob.api.getConversation(conversation.id);
      expect(after.members.find((m) => m.userId === alice.id)).toMatchObject({ presence: 'offline', lastSeenAt: aliceOf()[1].lastSeenAt });
      watcher.close();
    });

    it('is online while any tab of one browser (one deviceId) is connected, on any node, and offline at once when the last closes cleanly', async () => {
      const [alice, bob] = await ctx.people(2, 'tabs');
      const conversation = await group(alice, [bob]);
      const watcher = await ctx.socket(bob, 0, [conversation.id]);
      const frames = record(watcher, 'presence');
      const aliceOf = () => frames.frames.filter((f) => f.userId === alice.id).map((f) => f.status);

      const browser = `browser-${alice.id}`;
      const firstTab = await ctx.socket(alice, 0, [], browser);
      const secondTab = await ctx.socket(alice, 1, [], browser);
      await eventually(() => expect(aliceOf()).toEqual(['online']));
      firstTab.close();
      await sleep(SETTLE_MS);
      expect(aliceOf()).toEqual(['online']);
      const details = await bob.api.getConversation(conversation.id);
      expect(details.members.find((m) => m.userId === alice.id)).toMatchObject({ presence: 'online' });

      secondTab.close();
      await eventually(() => expect(aliceOf()).toEqual(['online', 'offline']));
      watcher.close();
    });

    it("ends a dropped connection's lease once it bridges nothing: another connection of the user is open on that node, or its device is back there", async () => {
      const [alice, bob] = await ctx.people(2, 'dropped');
      const conversation = await group(alice, [bob]);
      const watcher = await ctx.socket(bob, 1, [conversation.id]);
      const frames = record(watcher, 'presence');
      const aliceOf = () => frames.frames.filter((f) => f.userId === alice.id).map((f) => f.status);

      const frozen = await ctx.socket(alice, 0);
      const open = await ctx.socket(alice, 0);
      await eventually(() => expect(aliceOf()).toEqual(['online']));
      frozen.socket.io.engine.close(); // its connection dies without a clean close
      await sleep(SETTLE_MS);
      open.close();
      await eventually(() => expect(aliceOf()).toEqual(['online', 'offline']));

      const browser = `browser-${alice.id}`;
      const dropped = await ctx.socket(alice, 0, [], browser);
      await eventually(() => expect(aliceOf()).toEqual(['online', 'offline', 'online']));
      dropped.socket.io.engine.close();
      await sleep(SETTLE_MS);
      const back = await ctx.socket(alice, 0, [], browser);
      back.close();
      await eventually(() => expect(aliceOf()).toEqual(['online', 'offline', 'online', 'offline']));
      watcher.close();
    });

    it('goes offline a lease after the last heartbeat when a device vanishes without closing, and a quick reconnect is no flap', async () => {
      const [alice, bob] = await ctx.people(2, 'lease');
      const conversation = await group(alice, [bob]);
      const watcher = await ctx.socket(bob, 0, [conversation.id]);
      const frames = record(watcher, 'presence');
      // This case is about the lease (online → offline): on a target with a short away period an
      // idle device also goes away and back, which the away case covers, so only changes between
      // online and offline count here.
      const statuses = () =>
        frames.frames
          .filter((f) => f.userId === alice.id && f.status !== 'away')
          .map((f) => f.status)
          .filter((status, i, all) => i === 0 || status !== all[i - 1]);

      const device = await ctx.socket(alice, 1);
      await eventually(() => expect(statuses()).toEqual(['online']));
      await ctx.passTime(ctx.target.leaseMs / 2);
      await device.request('presence.heartbeat', {});
      device.socket.io.engine.close(); // the network drops: no clean disconnect
      const again = await ctx.socket(alice, 0);
      const leaseEnds = ctx.now() + ctx.target.leaseMs; // of the reconnect (the heartbeat's ends just before)
      await ctx.passTime(ctx.target.leaseMs / 2 + 1_000); // both devices are gone, but their leases still run
      expect(statuses()).toEqual(['online']);

      again.socket.io.engine.close();
      await ctx.passTime(leaseEnds - ctx.now() - ctx.margin());
      expect(statuses()).toEqual(['online']);
      await ctx.passTime(ctx.margin()); // a lease counts while now < its end
      await eventually(() => expect(statuses()).toEqual(['online', 'offline']));
      watcher.close();
    });

    it('is away after the inactivity period or when the client says so, and online again on activity', async () => {
      const [alice, bob] = await ctx.people(2, 'away');
      const conversation = await group(alice, [bob]);
      const watcher = await ctx.socket(bob, 0, [conversation.id]);
      const frames = record(watcher, 'presence');
      const statuses = () => frames.frames.filter((f) => f.userId === alice.id).map((f) => f.status);

      const device = await ctx.socket(alice, 1, [conversation.id]);
      device.startHeartbeat(5_000); // stops when the socket is closed after the test
      await eventually(() => expect(statuses()).toEqual(['online']));
      await ctx.idleFor(ctx.target.awayAfterMs, device); // heartbeats keep the device, not the person
      await eventually(() => expect(statuses()).toEqual(['online', 'away']));
      await device.request('typing', { conversationId: conversation.id, isTyping: true });
      await eventually(() => expect(statuses()).toEqual(['online', 'away', 'online']));

      await device.request('presence.set', { status: 'away' });
      await eventually(() => expect(statuses()).toEqual(['online', 'away', 'online', 'away']));
      await device.request('presence.set', { status: 'online' });
      await eventually(() => expect(statuses()).toEqual(['online', 'away', 'online', 'away', 'online']));
    });

    it('goes away while the device only acknowledges deliveries: a client sends those by itself, not the person', async () => {
      const [alice, bob] = await ctx.people(2, 'acks');
      const conversation = await group(alice, [bob]);
      const watcher = await ctx.socket(bob, 0, [conversation.id]);
      const frames = record(watcher, 'presence');
      const statuses = () => frames.frames.filter((f) => f.userId === alice.id).map((f) => f.status);

      const device = await ctx.socket(alice, 1, [conversation.id]);
      device.startHeartbeat(5_000);
      await eventually(() => expect(statuses()).toEqual(['online']));
      const steps = 4;
      for (let step = 0; step < steps; step++) {
        const message = await say(bob, conversation.id, `while alice is away ${step}`);
        await device.request('delivered', { conversationId: conversation.id, seq: message.seq });
        await ctx.idleFor(ctx.target.awayAfterMs / steps, device);
      }
      await eventually(() => expect(statuses()).toEqual(['online', 'away']));
    });

    it('reaches only people who share a conversation with the user, and each of the user’s own devices', async () => {
      const [alice, bob, stranger] = await ctx.people(3, 'reach');
      const conversation = await group(alice, [bob]);
      const bobSocket = await ctx.socket(bob, 0, [conversation.id]);
      const strangerSocket = await ctx.socket(stranger, 1);
      const aliceFirst = await ctx.socket(alice, 0);
      const seenByBob = record(bobSocket, 'presence');
      const seenByStranger = record(strangerSocket, 'presence');
      const seenByAlice = record(aliceFirst, 'presence');
      await aliceFirst.request('presence.set', { status: 'away' });
      await eventually(() => expect(seenByBob.frames.some((f) => f.userId === alice.id && f.status === 'away')).toBe(true));
      await eventually(() => expect(seenByAlice.frames.some((f) => f.userId === alice.id && f.status === 'away')).toBe(true));
      await sleep(SETTLE_MS);
      expect(seenByStranger.frames.filter((f) => f.userId === alice.id)).toEqual([]);
    });

    it('refuses a malformed presence.set', async () => {
      const [alice] = await ctx.people(1, 'bad');
      const socket = await ctx.socket(alice, 0);
      await expect(socket.request('presence.set', { status: 'invisible' } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      socket.close();
    });
  });
}

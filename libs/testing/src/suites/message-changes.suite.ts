import type { Message } from '@chat/contracts';
import { record } from '../clients';
import { eventually } from '../eventually';
import { group, say, suiteContext, type TargetFactory } from './feature-target';

/** Edit (sender only, stale version → 409), delete (tombstones), reactions (toggle, counts), pins, each with its frame; the list's count of unread mentions. */
export function describeMessageChanges(factory: TargetFactory): void {
  describe('edit, delete and reactions', () => {
    const ctx = suiteContext(factory);

    it('lets the sender edit, announces message.updated, and refuses an edit based on a stale version with 409', async () => {
      const [alice, bob] = await ctx.people(2, 'editor');
      const conversation = await group(alice, [bob]);
      const watcher = await ctx.socket(bob, 1, [conversation.id]);
      const updates = record(watcher, 'message.updated');
      const original = await say(alice, conversation.id, 'helo');
      expect(original.version).toBe(1);

      const { message: edited } = await alice.api.editMessage(conversation.id, original.id, 'hello', 1);
      expect(edited).toMatchObject({ id: original.id, seq: original.seq, body: 'hello', version: 2, editedAt: expect.any(String), deletedAt: null });
      await updates.waitFor(1);
      expect(updates.frames[0].message).toEqual(edited);

      // A second device still holds version 1: its edit must not silently overwrite the first.
      await expect(alice.api.editMessage(conversation.id, original.id, 'hullo', 1)).rejects.toMatchObject({ status: 409, body: { code: 'MESSAGE_VERSION_CONFLICT' } });
      await expect(bob.api.editMessage(conversation.id, original.id, 'bob was here')).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      const { message: unconditional } = await alice.api.editMessage(conversation.id, original.id, 'hello!');
      expect(unconditional.version).toBe(3);
      const history = await bob.api.history(conversation.id);
      expect(history.messages.find((m) => m.id === original.id)).toMatchObject({ body: 'hello!', version: 3 });
      watcher.close();
    });

    it('deletes as sender, admin or owner, leaving a tombstone with its seq and no content, announced as message.deleted', async () => {
      const [owner, author, other] = await ctx.people(3, 'deleter');
      const conversation = await group(owner, [author, other]);
      const watcher = await ctx.socket(other, 0, [conversation.id]);
      const deletions = record(watcher, 'message.deleted');
      const first = (await author.api.sendMessage(conversation.id, { clientMessageId: 'a1', body: 'secret', attachments: [{ name: 'x.png', contentType: 'image/png', size: 3, url: 'https://example.com/x.png' }] })).message;
      const second = await say(author, conversation.id, 'also secret');
      const third = await say(author, conversation.id, 'stays');

      await expect(other.api.deleteMessage(conversation.id, first.id)).rejects.toMatchObject({ status: 403 });
      await author.api.deleteMessage(conversation.id, first.id);
      await owner.api.deleteMessage(conversation.id, second.id);
      await author.api.deleteMessage(conversation.id, first.id); // again: nothing more happens
      await deletions.waitFor(2);
      expect(deletions.frames.map(({ conversationId, id, seq }) => ({ conversationId, id, seq }))).toEqual([
        { conversationId: conversation.id, id: first.id, seq: first.seq },
        { conversationId: conversation.id, id: second.id, seq: second.seq },
      ]);

      const { messages } = await other.api.history(conversation.id);
      expect(messages.map((m) => m.seq)).toEqual([first.seq, second.seq, third.seq]);
      for (const tombstone of messages.slice(0, 2)) {
        expect(tombstone).toMatchObject({ body: '', attachments: [], reactions: {}, deletedAt: expect.any(String) });
      }
      expect(messages[2]).toMatchObject({ body: 'stays', deletedAt: null });
      await expect(author.api.editMessage(conversation.id, first.id, 'undo')).rejects.toMatchObject({ status: 409, body: { code: 'MESSAGE_DELETED' } });
      await expect(other.api.react(conversation.id, first.id, '👍')).rejects.toMatchObject({ status: 409, body: { code: 'MESSAGE_DELETED' } });
      await expect(owner.api.deleteMessage(conversation.id, '00000000-0000-7000-8000-00000000abcd')).rejects.toMatchObject({ status: 404, body: { code: 'MESSAGE_NOT_FOUND' } });
      watcher.close();
    });

    it('toggles one reaction per user and emoji, counts them, and announces reaction.updated', async () => {
      const [alice, bob, carol] = await ctx.people(3, 'reactor');
      const conversation = await group(alice, [bob, carol]);
      const watcher = await ctx.socket(carol, 1, [conversation.id]);
      const frames = record(watcher, 'reaction.updated');
      const message = await say(alice, conversation.id, 'react to me');

      expect((await bob.api.react(conversation.id, message.id, '👍')).reactions).toEqual({ '👍': 1 });
      expect((await bob.api.react(conversation.id, message.id, '👍')).reactions).toEqual({ '👍': 1 }); // idempotent
      expect((await carol.api.react(conversation.id, message.id, '👍')).reactions).toEqual({ '👍': 2 });
      expect((await carol.api.react(conversation.id, message.id, '👩🏽‍💻')).reactions).toEqual({ '👍': 2, '👩🏽‍💻': 1 });
      expect((await bob.api.unreact(conversation.id, message.id, '👍')).reactions).toEqual({ '👍': 1, '👩🏽‍💻': 1 });
      expect((await bob.api.unreact(conversation.id, message.id, '👍')).reactions).toEqual({ '👍': 1, '👩🏽‍💻': 1 });
      await expect(bob.api.react(conversation.id, message.id, 'not an emoji')).rejects.toMatchObject({ status: 400 });

      await frames.waitFor(4); // one per real change, none for the repeats
      expect(frames.frames.map((f) => f.reactions)).toEqual([{ '👍': 1 }, { '👍': 2 }, { '👍': 2, '👩🏽‍💻': 1 }, { '👍': 1, '👩🏽‍💻': 1 }]);
      expect(frames.frames[0]).toMatchObject({ conversationId: conversation.id, messageId: message.id });
      const history = await alice.api.history(conversation.id);
      expect(history.messages.find((m: Message) => m.id === message.id)?.reactions).toEqual({ '👍': 1, '👩🏽‍💻': 1 });
      await eventually(async () => expect((await alice.api.listConversations()).conversations.find((c) => c.id === conversation.id)?.lastMessage?.reactions).toEqual({ '👍': 1, '👩🏽‍💻': 1 }));
    });

    it('pins and unpins for every member, announces pin.updated, and lists the pins as the messages are now; a deleted message is unpinned', async () => {
      const [alice, bob] = await ctx.people(2, 'pinner');
      const conversation = await group(alice, [bob]);
      const watcher = await ctx.socket(bob, 1, [conversation.id]);
      const frames = record(watcher, 'pin.updated');
      const first = await say(alice, conversation.id, 'the plan');
      const second = await say(bob, conversation.id, 'the date');

      expect((await bob.api.pin(conversation.id, first.id)).pin).toMatchObject({ message: { id: first.id, body: 'the plan' }, pinnedBy: bob.id });
      await alice.api.pin(conversation.id, second.id);
      await alice.api.pin(conversation.id, second.id); // idempotent: no second frame
      await alice.api.unpin(conversation.id, first.id);
      await frames.waitFor(3);
      expect(frames.frames.map(({ messageId, pinned, userId }) => ({ messageId, pinned, userId }))).toEqual([
        { messageId: first.id, pinned: true, userId: bob.id },
        { messageId: second.id, pinned: true, userId: alice.id },
        { messageId: first.id, pinned: false, userId: alice.id },
      ]);
      await bob.api.editMessage(conversation.id, second.id, 'the date, moved');
      expect((await alice.api.pins(conversation.id)).pins.map((p) => [p.message.id, p.message.body, p.pinnedBy])).toEqual([[second.id, 'the date, moved', alice.id]]);
      await bob.api.deleteMessage(conversation.id, second.id);
      expect((await alice.api.pins(conversation.id)).pins).toEqual([]);
      watcher.close();
    });

    it('counts the unread messages that mention a member or answer theirs in their list (unreadMentionCount)', async () => {
      const [alice, bob] = await ctx.people(2, 'mentioned');
      const conversation = await group(alice, [bob]);
      const question = await say(bob, conversation.id, 'a question');
      await alice.api.sendMessage(conversation.id, { clientMessageId: `${question.id}-answer`, body: 'an answer', replyTo: question.id });
      const last = (await alice.api.sendMessage(conversation.id, { clientMessageId: `${question.id}-mention`, body: '@Bob', mentions: [bob.id] })).message;
      await say(alice, conversation.id, 'nothing for Bob');
      const bobs = async () => (await bob.api.listConversations()).conversations.find((c) => c.id === conversation.id)!;
      await eventually(async () => expect(await bobs()).toMatchObject({ unreadCount: 3, unreadMentionCount: 2 }));
      await bob.api.markRead(conversation.id, last.seq);
      await eventually(async () => expect(await bobs()).toMatchObject({ unreadCount: 1, unreadMentionCount: 0 }));
    });

    it('gives an outsider 404 for every change to a message of a private conversation', async () => {
      const [alice, outsider] = await ctx.people(2, 'outside');
      const conversation = await group(alice, [(await ctx.people(1, 'in'))[0]]);
      const message = await say(alice, conversation.id, 'private');
      for (const attempt of [
        () => outsider.api.editMessage(conversation.id, message.id, 'x'),
        () => outsider.api.deleteMessage(conversation.id, message.id),
        () => outsider.api.react(conversation.id, message.id, '👍'),
        () => outsider.api.markRead(conversation.id, 1),
        () => outsider.api.setMuted(conversation.id, true),
        () => outsider.api.readPointers(conversation.id),
      ]) {
        await expect(attempt()).rejects.toMatchObject({ status: 404, body: { code: 'CONVERSATION_NOT_FOUND' } });
      }
    });
  });
}

import { conversationLink, linkedConversation } from './conversation-link';

describe('conversation links', () => {
  const page = { origin: 'https://chat.example', pathname: '/' };
  const id = '0190f1e2-7a4b-7c3d-9e8f-0123456789ab';

  it('writes a link to a conversation, or to one of its messages, that reads back the same', () => {
    expect(conversationLink(page, id, 42)).toBe(`https://chat.example/#conversation=${id}&seq=42`);
    expect(linkedConversation(`#conversation=${id}&seq=42`)).toEqual({ conversationId: id, seq: 42 });
    expect(conversationLink(page, id)).toBe(`https://chat.example/#conversation=${id}`);
    expect(linkedConversation(`#conversation=${id}`)).toEqual({ conversationId: id });
  });

  it('keeps the path the client is served under', () => {
    expect(conversationLink({ origin: 'https://example.org', pathname: '/chat/' }, id, 1)).toBe(`https://example.org/chat/#conversation=${id}&seq=1`);
  });

  it('opens a conversation at its latest for a seq no message can have', () => {
    expect(linkedConversation(`#conversation=${id}&seq=99999999999999999999`)).toEqual({ conversationId: id });
  });

  it('reads anything else as no link', () => {
    for (const hash of ['', '#', '#conversation=', `#conversation=${id}&seq=`, `#conversation=${id}&seq=-1`, '#conversation=<script>', `#other=${id}`]) expect(linkedConversation(hash)).toBeNull();
  });
});

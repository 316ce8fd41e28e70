import { randomUUID } from 'node:crypto';
import { connect, eventually, eventuallyConnect, record, refusedHandshake, signUp, type TestUser } from '@chat/testing';
import { logIn, webClientSceneOnOwnServer } from './web-client-harness';

const USER_MAX_CONNECTIONS = 2;
const TENANT_MAX_CONNECTIONS = 3;

/**
 * USER_MAX_CONNECTIONS: one account's sockets (its tabs, devices, or a script) count against a cap
 * of their own, so no account can hold a gateway's memory or its tenant's places to itself.
 */
describe('the per-account connection cap', () => {
  let alice: TestUser;
  let bob: TestUser;

  const scene = webClientSceneOnOwnServer(
    { USER_MAX_CONNECTIONS: String(USER_MAX_CONNECTIONS), TENANT_MAX_CONNECTIONS: String(TENANT_MAX_CONNECTIONS) },
    {
      ready: async ({ server }) => {
        [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
      },
    },
  );

  it('refuses a socket beyond the cap with 429 TOO_MANY_CONNECTIONS, leaves other accounts alone, and takes one again once a socket closes', async () => {
    const first = await connect(scene.server.url, alice.auth.accessToken);
    const second = await connect(scene.server.url, alice.auth.accessToken);
    try {
      const refused = await refusedHandshake(scene.server.url, alice.auth.accessToken);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({
        code: 'TOO_MANY_CONNECTIONS',
        message: `This account has ${USER_MAX_CONNECTIONS} connections open, the most it may hold at once`,
        hint: 'Close the chat in another tab or on another device, then connect again',
        retryAfterSeconds: expect.any(Number),
      });
      // A ws ticket is the same account: refused alike.
      const { ticket } = await alice.api.wsTicket();
      expect((await refusedHandshake(scene.server.url, ticket)).body.code).toBe('TOO_MANY_CONNECTIONS');

      (await connect(scene.server.url, bob.auth.accessToken)).close();
      // The sockets in place keep working.
      const { conversation } = await bob.api.createConversation({ type: 'direct', memberIds: [alice.id] });
      expect(await second.request('conversation.join', { conversationId: conversation.id })).toMatchObject({ lastSeq: 0 });
      const frames = record(second, 'message.created');
      await bob.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'still live' });
      await frames.waitFor(1);

      first.close();
      (await eventuallyConnect(scene.server.url, alice.auth.accessToken)).close();
    } finally {
      first.close();
      second.close();
    }
  });

  it("gives the account's place back when the tenant's cap refuses the handshake", async () => {
    const aliceFirst = await eventuallyConnect(scene.server.url, alice.auth.accessToken);
    const bobs = [await eventuallyConnect(scene.server.url, bob.auth.accessToken), await eventuallyConnect(scene.server.url, bob.auth.accessToken)];
    try {
      // The tenant is full (3): Alice's second socket is within her own cap, but not the tenant's.
      expect((await refusedHandshake(scene.server.url, alice.auth.accessToken)).body.code).toBe('TENANT_QUOTA_EXCEEDED');
      expect((await refusedHandshake(scene.server.url, alice.auth.accessToken)).body.code).toBe('TENANT_QUOTA_EXCEEDED');
      // Had the refusals kept the places they took in her count, she would be at her cap now.
      bobs.pop()!.close();
      (await eventuallyConnect(scene.server.url, alice.auth.accessToken)).close();
    } finally {
      aliceFirst.close();
      bobs.forEach((socket) => socket.close());
    }
  });

  it('tells the web client why it is offline, and connects once a tab elsewhere closes', async () => {
    const elsewhere = [await eventuallyConnect(scene.server.url, alice.auth.accessToken), await eventuallyConnect(scene.server.url, alice.auth.accessToken)];
    try {
      const tab = await scene.person(scene.server.url);
      await logIn(tab.page, alice.auth.user.username);
      const banner = tab.page.locator('#connection-banner');
      await banner.filter({ hasText: 'Your account has the chat open in too many tabs or on too many devices: close it somewhere else, then reconnect.' }).waitFor();
      expect(await banner.getAttribute('data-tone')).toBe('error');

      elsewhere.pop()!.close();
      // The place frees once the closed socket's disconnect reaches the server: a Reconnect before that is refused again.
      await eventually(async () => {
        await tab.page.getByRole('button', { name: 'Reconnect' }).click();
        await banner.waitFor({ state: 'hidden', timeout: 2_000 });
      });
    } finally {
      elsewhere.forEach((socket) => socket.close());
    }
  });
});

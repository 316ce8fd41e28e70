import { ChatApi } from '@chat/sdk';
import { connect, signUp, startSplitCluster, type SplitCluster } from '@chat/testing';

/**
 * Ending a login closes its sockets on every gateway: the logout reaches the command app through
 * gateway A, and chat.session.revoked.v1 travels over Kafka to gateway B, where the socket is.
 * Deleting the account closes all of them the same way.
 */
describe('revoking logins across gateways', () => {
  let cluster: SplitCluster;

  beforeAll(async () => {
    cluster = await startSplitCluster();
  });
  afterAll(() => cluster?.stop());

  it('closes a login’s socket on the other gateway when it logs out, and every socket when the account is deleted', async () => {
    const [a, b] = cluster.gateways;
    const user = await signUp(a, 'roaming');
    const socketB = await connect(b, user.auth.accessToken);
    const closedB = new Promise<string>((resolve) => socketB.socket.on('disconnect', resolve));
    await user.api.logout();
    expect(await closedB).toBe('io server disconnect');

    const again = new ChatApi({ baseUrl: a });
    const login = await again.login(user.auth.user.username, 'password-123');
    const [onA, onB] = await Promise.all([connect(a, login.accessToken), connect(b, login.accessToken)]);
    const closed = Promise.all([onA, onB].map((s) => new Promise<string>((resolve) => s.socket.on('disconnect', resolve))));
    await again.deleteAccount('password-123');
    expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
  });
});

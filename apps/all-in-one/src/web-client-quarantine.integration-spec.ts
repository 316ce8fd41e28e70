import { ChatApi } from '@chat/sdk';
import { EICAR, EICAR_SIGNATURE, eventually, refusal, signUp, startClamd, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { UsageMeter } from '@chat/tenancy';
import { allInOne } from './definition';
import { logIn, type Person, webClientScene } from './web-client-harness';

/**
 * Quarantined uploads in the browser (seed 003 R16.5): the tenant's administrator is told live
 * that the malware scan stopped a file, the notice opens the Organization dialog's quarantine, and
 * the administrator deletes the file for good.
 */
describe('web client: quarantined uploads for the administrators', () => {
  const opsName = uniqueName('ops');
  let server: TestApp;
  let admin: ChatApi;
  let alice: TestUser;
  let ops: Person;

  const dialog = () => ops.page.getByRole('dialog', { name: /^Organization:/ });
  const rows = () => dialog().locator('#organization-quarantine li');

  webClientScene({
    // clamd first: the server is started with its address.
    start: async (own) => {
      const clamd = await startClamd({ streamMaxBytes: 1024 * 1024 });
      own({ close: () => clamd.stop() });
      server = own(await startTestApp(allInOne, { ADMIN_USERNAMES: opsName, MEDIA_MIN_FREE_BYTES: '0', MEDIA_SCAN_CLAMD: clamd.address, MEDIA_SCAN_MAX_BYTES: String(1024 * 1024) }));
    },
    ready: async ({ person }) => {
      admin = new ChatApi({ baseUrl: server.url });
      await admin.register(opsName, 'Ops', 'password-123');
      alice = await signUp(server.url, 'alice');
      ops = await person(server.url);
      await logIn(ops.page, opsName);
      // Frames reach only connected sockets, and the administrator's is the only one here.
      await eventually(() => expect(server.app.get(UsageMeter).openSockets).toBe(1));
    },
  });

  it('tells the administrator live, opens the quarantine from the notice, and deletes the file after a confirm', async () => {
    const refused = await refusal(alice.api.uploadMedia(Buffer.from(EICAR), { name: 'invoice.pdf.txt', contentType: 'text/plain' }));
    expect(refused.body.code).toBe('MEDIA_INFECTED');

    await ops.page.locator('#toasts').getByRole('button', { name: `The malware scan stopped a file from ${alice.auth.user.displayName}: invoice.pdf.txt` }).click();
    await dialog().waitFor();
    await ops.page.waitForFunction(() => document.activeElement?.id === 'organization-quarantine-title');
    await rows().first().waitFor();
    expect(await rows().first().textContent()).toContain(`invoice.pdf.txt (${EICAR.length} bytes) from ${alice.auth.user.displayName}: ${EICAR_SIGNATURE}.UNOFFICIAL`);

    await rows().first().getByRole('button', { name: 'Delete invoice.pdf.txt for good' }).click();
    await dialog().locator('#organization-quarantine-status', { hasText: 'Nothing in quarantine.' }).waitFor();
    expect((await admin.mediaQuarantine()).quarantined).toEqual([]);
  });
});

import { DataSource } from 'typeorm';
import { E2ee } from '@chat/sdk';
import { signUp, uniqueName, type TestUser } from '@chat/testing';
import { createEncryptedGroup, delivered, logIn, message, openConversation, type Person, send, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * End-to-end encrypted conversations in the browser client (seed 003 R20): each person's browser
 * makes and registers its own device key, a group created encrypted is readable in every
 * member's browser while the database holds only ciphertext, a removed member gets no key for
 * what follows, and a newcomer reads from their arrival on, older messages saying why not.
 */
const UNREADABLE = 'This message cannot be decrypted on this device';

describe('web client: end-to-end encrypted conversations', () => {
  let db: DataSource;
  let users: Record<'alice' | 'bob' | 'carol' | 'dave', TestUser>;
  let people: Record<'alice' | 'bob' | 'carol' | 'dave', Person>;
  let conversationId: string;
  const group = uniqueName('secret');

  const storedBodies = async (): Promise<string[]> => (await db.query(`SELECT body FROM messages WHERE conversation_id = $1 ORDER BY seq`, [conversationId])).map((r: { body: string }) => r.body);
  const devicesOf = async (user: TestUser): Promise<string[]> => (await db.query(`SELECT device_id AS id FROM e2ee_device_keys WHERE user_id = $1`, [user.id])).map((r: { id: string }) => r.id);
  const recipientsOfLatestKey = async (): Promise<string[]> =>
    (
      await db.query(
        `SELECT recipient_user_id AS id FROM conversation_key_envelopes WHERE conversation_id = $1 AND key_version = (SELECT max(key_version) FROM conversation_key_envelopes WHERE conversation_id = $1)`,
        [conversationId],
      )
    ).map((r: { id: string }) => r.id);

  const visibleBodies = (page: Person['page']) => page.$$eval('#message-list li.message:not([hidden]) .body', (nodes) => nodes.map((n) => n.textContent));

  const showsOnly = (page: Person['page'], expected: string[]) => waitFor(async () => JSON.stringify(await visibleBodies(page)) === JSON.stringify(expected), `only ${expected.join(', ')} shown`);

  async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
    const until = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const scene = webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      db = server.app.get(DataSource);
      const [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((n) => signUp(server.url, n)));
      users = { alice, bob, carol, dave };
      const [a, b, c, d] = await Promise.all([alice, bob, carol, dave].map(() => person(server.url)));
      people = { alice: a, bob: b, carol: c, dave: d };
      await Promise.all(Object.entries(people).map(([name, p]) => logIn(p.page, users[name as keyof typeof users].auth.user.username)));
      // Logging in is enough for a browser to register its device key: others can then wrap keys for it.
      await Promise.all(Object.values(users).map((u) => waitFor(async () => (await devicesOf(u)).length === 1, `${u.auth.user.username}'s device key`)));
    },
  });

  it('keeps the private device key non-extractable in IndexedDB, under the id its socket names the device by', async () => {
    const kept = await people.alice.page.evaluate(
      () =>
        new Promise<{ deviceId: string; extractable: boolean }[]>((resolve, reject) => {
          const open = indexedDB.open('chat-e2ee');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('device-keys').objectStore('device-keys').getAll();
            all.onsuccess = () => resolve((all.result as { deviceId: string; keyPair: CryptoKeyPair }[]).map((e) => ({ deviceId: e.deviceId, extractable: e.keyPair.privateKey.extractable })));
          };
        }),
    );
    expect(kept).toEqual([{ deviceId: (await devicesOf(users.alice))[0], extractable: false }]);
  });

  it('Alice creates an encrypted group in the dialog; messages and edits read in clear in every browser while the server holds only ciphertext', async () => {
    const { page } = people.alice;
    await createEncryptedGroup(page, group, [users.bob, users.carol]);
    conversationId = (await users.alice.api.listConversations()).conversations.find((c) => c.name === group)!.id;
    // The first key went to every member's browser at once.
    expect((await recipientsOfLatestKey()).sort()).toEqual([users.alice.id, users.bob.id, users.carol.id].sort());

    await send(page, 'The launch moves to Friday');
    await delivered(page, 'The launch moves to Friday').waitFor();
    for (const person of [people.bob, people.carol]) {
      await openConversation(person.page, group);
      await person.page.locator('#pane-title .e2ee-badge').waitFor();
      await message(person.page, 'The launch moves to Friday').waitFor();
    }
    await send(people.bob.page, 'Noted, I will tell nobody');
    await message(page, 'Noted, I will tell nobody').waitFor();
    await message(people.carol.page, 'Noted, I will tell nobody').waitFor();

    // Bob edits his message: the edit is sealed too, and opens live in the others' browsers.
    const mine = message(people.bob.page, 'Noted, I will tell nobody');
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit message' }).click();
    const editor = people.bob.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('Noted, my lips are sealed');
    await editor.press('Enter');
    await message(page, 'Noted, my lips are sealed').locator('.edited').waitFor();

    const bodies = await storedBodies();
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(JSON.parse(body)).toEqual({ v: 1, keyVersion: 1, iv: expect.any(String), ct: expect.any(String) });
      expect(body).not.toMatch(/launch|Friday|Noted|sealed/);
    }
    // The sidebar never shows ciphertext as a preview.
    await people.carol.page.locator('#conversation-list button', { hasText: group }).getByText('Encrypted message').waitFor();
  });

  it('does not offer attachments in the encrypted conversation, and says why', async () => {
    const { page } = people.alice;
    const attach = page.locator('#attach-button');
    expect(await attach.getAttribute('aria-disabled')).toBe('true');
    // aria-disabled keeps it reachable (focus, screen readers), so a click still explains.
    await attach.click({ force: true });
    await page.locator('#composer-attachment [role="alert"]', { hasText: 'Files cannot be attached in end-to-end encrypted conversations' }).waitFor();
  });

  it("searches the open encrypted conversation in the browser; the sidebar's server search says it cannot cover it", async () => {
    const { page } = people.alice;
    await page.fill('#e2ee-search-input', 'LAUNCH friday');
    await page.locator('#e2ee-search-status', { hasText: '1 loaded message matches' }).waitFor();
    expect(await visibleBodies(page)).toEqual(['The launch moves to Friday']);
    await page.fill('#e2ee-search-input', 'sealed');
    await showsOnly(page, ['Noted, my lips are sealed']);
    await page.fill('#e2ee-search-input', '');
    await showsOnly(page, ['The launch moves to Friday', 'Noted, my lips are sealed']);
    expect(await page.locator('#e2ee-search-status').textContent()).toBe('');

    await page.fill('#search-input', 'launch');
    await page.press('#search-input', 'Enter');
    await page.locator('#search-dialog', { hasText: 'End-to-end encrypted conversations are not searched here' }).waitFor();
    await page.locator('#search-status', { hasText: /no messages/i }).waitFor();
    expect(await page.locator('#search-results li').count()).toBe(0);
    await page.locator('#search-dialog [data-close]').click();
  });

  it('reads its history again after a reload, with the key kept in this browser', async () => {
    const { page } = people.bob;
    await page.reload();
    await page.locator('#chat-screen').waitFor();
    await openConversation(page, group);
    await message(page, 'The launch moves to Friday').waitFor();
    await message(page, 'Noted, my lips are sealed').waitFor();
    expect(await devicesOf(users.bob)).toHaveLength(1);
  });

  it('after Carol is removed, the next message is sealed under a new key she has no envelope for', async () => {
    await users.alice.api.kick(conversationId, users.carol.id);
    await people.carol.page.locator('#pane-title', { hasText: group }).waitFor({ state: 'hidden' });
    // Alice's browser still knows the old key: the server refuses it (rotation due), the client rotates and sends again.
    await send(people.alice.page, 'Carol is off the project');
    await delivered(people.alice.page, 'Carol is off the project').waitFor();
    await message(people.bob.page, 'Carol is off the project').waitFor();
    expect((await recipientsOfLatestKey()).sort()).toEqual([users.alice.id, users.bob.id].sort());
    const latest = JSON.parse((await storedBodies()).at(-1)!) as { keyVersion: number };
    expect(latest.keyVersion).toBe(2);
  });

  it('Dave, added later, is told he cannot decrypt the earlier messages and reads the ones after his arrival', async () => {
    await users.alice.api.invite(conversationId, users.dave.id);
    await send(people.bob.page, 'Welcome aboard, Dave');
    await delivered(people.bob.page, 'Welcome aboard, Dave').waitFor();
    const { page } = people.dave;
    await openConversation(page, group);
    await message(page, 'Welcome aboard, Dave').waitFor();
    const older = page.locator('#message-list li.message.undecryptable');
    await older.first().waitFor();
    expect(await older.count()).toBe(3);
    expect(await older.locator('.body').allTextContents()).toEqual(Array(3).fill(expect.stringContaining(UNREADABLE)));
    expect(await page.locator('#message-list').textContent()).not.toMatch(/launch|sealed|"ct"/);
    // Nothing undecryptable offers an edit, even to its sender.
    expect(await people.dave.page.locator('#message-list li.undecryptable').getByRole('button', { name: 'Edit message' }).count()).toBe(0);
  });
  it('backs the key up under a passphrase, and a new browser restores it and reads the history it could not before', async () => {
    const dialog = people.alice.page.locator('#account-dialog');
    await people.alice.page.click('#account-button');
    await dialog.locator('#e2ee-backup-state', { hasText: 'Your key is not backed up.' }).waitFor();
    await dialog.getByText('it cannot recover your encrypted history if you lose every device and have no key backup').waitFor();
    await people.alice.page.fill('#e2ee-backup-passphrase', 'too short');
    await people.alice.page.click('#e2ee-backup-save');
    await dialog.locator('#e2ee-backup-status', { hasText: 'at least 12 characters' }).waitFor();
    await people.alice.page.fill('#e2ee-backup-passphrase', 'correct horse battery staple');
    await people.alice.page.click('#e2ee-backup-save');
    await dialog.locator('#e2ee-backup-state', { hasText: 'Your key is backed up' }).waitFor();
    const [{ blob }] = await db.query(`SELECT blob FROM e2ee_key_backups WHERE user_id = $1`, [users.alice.id]);
    // Sealed: the KDF's parameters and ciphertext, never the key itself.
    expect(Object.keys(JSON.parse(blob)).sort()).toEqual(['ct', 'iterations', 'iv', 'kdf', 'salt', 'v']);
    await dialog.locator('[data-close]').click();

    const laptop = await scene.person(scene.server.url);
    await logIn(laptop.page, users.alice.auth.user.username);
    await waitFor(async () => (await devicesOf(users.alice)).length === 2, "the new browser's device key");
    await openConversation(laptop.page, group);
    await laptop.page.locator('#message-list li.message.undecryptable').first().waitFor();
    expect(await message(laptop.page, 'The launch moves to Friday').count()).toBe(0);
    // No key reached this browser's new device yet: sending makes the next one, for every member device.
    await send(laptop.page, 'Writing from my laptop');
    await message(people.bob.page, 'Writing from my laptop').waitFor();

    await laptop.page.click('#account-button');
    await laptop.page.fill('#e2ee-backup-passphrase', 'wrong horse battery staple');
    await laptop.page.click('#e2ee-backup-restore');
    await laptop.page.locator('#e2ee-backup-status', { hasText: 'That passphrase does not open your backup.' }).waitFor();
    await laptop.page.fill('#e2ee-backup-passphrase', 'correct horse battery staple');
    await Promise.all([laptop.page.waitForEvent('load'), laptop.page.click('#e2ee-backup-restore')]);
    await laptop.page.locator('#chat-screen').waitFor();
    await openConversation(laptop.page, group);
    await message(laptop.page, 'The launch moves to Friday').waitFor();
    await message(laptop.page, 'Welcome aboard, Dave').waitFor();
    expect(await laptop.page.locator('#message-list li.message.undecryptable').count()).toBe(0);
  });

  it('a browser whose key was made in an earlier session cannot back it up and says why; opting out is recorded', async () => {
    const { page } = people.bob;
    await page.click('#account-button');
    await page.locator('#e2ee-backup-state', { hasText: 'a backup can be made only in the session that created it' }).waitFor();
    expect(await page.locator('#e2ee-backup-save').isHidden()).toBe(true);
    await page.click('#e2ee-backup-opt-out');
    await page.locator('#e2ee-backup-state', { hasText: 'You chose to have no key backup.' }).waitFor();
    const [{ opted }] = await db.query(`SELECT opted_out AS opted FROM e2ee_key_backups WHERE user_id = $1`, [users.bob.id]);
    expect(opted).toBe(true);
    await page.locator('#account-dialog [data-close]').click();
  });

  it("a new key and a new name leave a quiet encrypted group where it was in Bob's sidebar; a message moves it up", async () => {
    const quiet = uniqueName('quiet');
    // Alice's script, a device of her own, makes the keys (for every member device, Bob's browser included).
    const script = await E2ee.setUp(users.alice.api, users.alice.id, 'alice-script');
    const { id: quietId } = await script.createConversation({ type: 'group', name: quiet, memberIds: [users.bob.id] });
    const sidebarOrder = async () =>
      (await people.bob.page.$$eval('#conversation-list [data-conversation-id]', (nodes) => nodes.map((n) => (n as HTMLElement).dataset.conversationId))).filter((id) => id === quietId || id === conversationId);
    await people.bob.page.locator('#conversation-list button', { hasText: quiet }).waitFor();
    await openConversation(people.bob.page, group);
    await send(people.bob.page, 'Still here');
    await delivered(people.bob.page, 'Still here').waitFor();
    await waitFor(async () => JSON.stringify(await sidebarOrder()) === JSON.stringify([conversationId, quietId]), 'the group above the quiet one');

    await script.rotate(quietId);
    await users.alice.api.updateConversation(quietId, { name: `${quiet} renamed` });
    await people.bob.page.locator('#conversation-list button', { hasText: `${quiet} renamed` }).waitFor(); // both conversation.updated frames are in
    expect(await sidebarOrder()).toEqual([conversationId, quietId]);

    await script.send(quietId, 'Anyone?');
    await waitFor(async () => JSON.stringify(await sidebarOrder()) === JSON.stringify([quietId, conversationId]), 'the quiet group moved up by its message');
  });
});

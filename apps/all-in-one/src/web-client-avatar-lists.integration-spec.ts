import { randomUUID } from 'node:crypto';
import { AvatarScene } from './avatar-scene';
import { openConversation, waitForAvatar } from './web-client-harness';

/**
 * Pictures where people look for them beside the messages: the sidebar entry of a direct
 * conversation shows the other person's picture (groups keep their symbol), and a conversation's
 * member list shows each member's picture, or initials without one; both follow a new picture, a
 * broken one (initials) and a rename live, without a reload. Ann is an SSO account whose profile
 * comes from the main service; Bob, a password account without a picture, watches in the browser.
 */
describe('web client: pictures in the sidebar and the member list', () => {
  const group = `Picnic ${randomUUID().slice(0, 6)}`;
  const scene = AvatarScene.use(async (ann, bob) => {
    await ann.createConversation({ type: 'direct', memberIds: [bob.id] });
    await ann.createConversation({ type: 'group', name: group, memberIds: [bob.id] });
  });

  const sidebarEntry = (title: string) => scene.bob.page.locator('#conversation-list button.conversation-item', { hasText: title });
  const memberAvatar = (name: string) => scene.bob.page.locator('#member-list li.member', { hasText: name }).locator('.avatar');

  it('shows the other person’s picture on a direct conversation’s sidebar entry; a group keeps its symbol', async () => {
    const { main } = scene;
    await waitForAvatar(sidebarEntry('Ann Main').locator('.avatar'), { src: main.avatar('ann'), alt: 'Ann Main' });
    const groupEntry = sidebarEntry(group);
    await groupEntry.waitFor();
    expect(await groupEntry.locator('.avatar').count()).toBe(0);
    expect(await groupEntry.locator('.conversation-symbol').textContent()).toBe('◆');
    // The picture is decoration beside the title: the entry's accessible name is still the title alone.
    expect(await sidebarEntry('Ann Main').locator('.avatar').getAttribute('aria-hidden')).toBe('true');
  });

  it('shows each member’s picture in the member list, initials for one without a picture', async () => {
    const { main, bob, bobUser } = scene;
    await openConversation(bob.page, group);
    await bob.page.click('#members-button');
    await waitForAvatar(memberAvatar('Ann Main'), { src: main.avatar('ann'), alt: 'Ann Main' });
    // Bob has no picture: "Test bob-…" draws as TB.
    await waitForAvatar(memberAvatar(bobUser.auth.user.displayName), { initials: 'TB' });
  });

  it('follows a broken picture (initials), a new one and a rename in the sidebar and the member list, without a reload', async () => {
    const { main, bob, annSub } = scene;
    await bob.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    // The main service's picture moves somewhere that answers 404: initials in both places.
    main.set(annSub, 'Ann Main', `${main.url}/gone/ann.png`);
    await scene.notifyAnnChanged();
    await waitForAvatar(sidebarEntry('Ann Main').locator('.avatar'), { initials: 'AM' });
    await waitForAvatar(memberAvatar('Ann Main'), { initials: 'AM' });
    scene.takeBrokenPictures(2);

    // A new picture and a new name: drawn at once in both places.
    main.set(annSub, 'Ann Other', main.avatar('ann2'));
    await scene.notifyAnnChanged();
    await waitForAvatar(sidebarEntry('Ann Other').locator('.avatar'), { src: main.avatar('ann2'), alt: 'Ann Other' });
    await waitForAvatar(memberAvatar('Ann Other'), { src: main.avatar('ann2'), alt: 'Ann Other' });

    // No picture at all: initials of the new name.
    main.set(annSub, 'Ann Other', null);
    await scene.notifyAnnChanged();
    await waitForAvatar(sidebarEntry('Ann Other').locator('.avatar'), { initials: 'AO' });
    await waitForAvatar(memberAvatar('Ann Other'), { initials: 'AO' });

    expect(await bob.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });
});

import { randomUUID } from 'node:crypto';
import { ChatApi } from '@chat/sdk';
import { EICAR, EICAR_SIGNATURE, connect, makePng, record, signUp, startClamd, startSplitCluster, uniqueName, type Clamd, type SplitCluster } from '@chat/testing';

/**
 * Uploads on the split deployment: the gateway forwards `/v1/media` to the media app (MEDIA_URL),
 * streaming the body with its length; the command app checks the attachment against the media
 * row; the query app and the other gateway's fan-out sign links with the key every app derives
 * alike, and the media app honours them. A clamd scans every upload; what it refuses the media app
 * quarantines, and its administrators hear of it through the outbox, Kafka and either gateway.
 */
describe('media through split gateways', () => {
  const adminName = uniqueName('root');
  let clamd: Clamd;
  let cluster: SplitCluster;
  beforeAll(async () => {
    clamd = await startClamd({ streamMaxBytes: 1024 * 1024 });
    cluster = await startSplitCluster({ MEDIA_MAX_BYTES: '300000', MEDIA_MIN_FREE_BYTES: '0', MEDIA_SCAN_CLAMD: clamd.address, MEDIA_SCAN_MAX_BYTES: String(1024 * 1024), ADMIN_USERNAMES: adminName }, { auxiliary: true });
  });
  afterAll(async () => {
    await cluster?.stop();
    await clamd?.stop();
  });

  it('quarantines what the scan refuses in the media app, tells the administrator on the other gateway, and lets them delete it through either', async () => {
    const [a, b] = cluster.gateways;
    const admin = new ChatApi({ baseUrl: b });
    await admin.register(adminName, 'Root', 'password-123');
    const alice = await signUp(a, 'uploader');
    const socket = await connect(b, admin.accessToken!);
    try {
      const told = record(socket, 'media.quarantined');
      const refused = await alice.api.uploadMedia(Buffer.from(EICAR), { name: 'eicar.txt', contentType: 'text/plain' }).catch((e) => e);
      expect(refused).toMatchObject({ status: 422, code: 'MEDIA_INFECTED' });
      await told.waitFor(1, 30_000);
      const held = { uploaderId: alice.id, uploaderName: alice.auth.user.displayName, name: 'eicar.txt', signature: `${EICAR_SIGNATURE}.UNOFFICIAL` };
      expect(told.frames[0].quarantined).toMatchObject(held);
      expect((await admin.mediaQuarantine()).quarantined).toEqual([told.frames[0].quarantined]);
      await new ChatApi({ baseUrl: a, accessToken: admin.accessToken }).deleteQuarantined(told.frames[0].quarantined.id);
      expect((await admin.mediaQuarantine()).quarantined).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it('uploads through gateway A, attaches on send, and serves the file to a member on gateway B from every path', async () => {
    const [a, b] = cluster.gateways;
    const alice = await signUp(a, 'alice');
    const bob = await signUp(b, 'bob');
    const { conversation } = await alice.api.createConversation({ type: 'group', name: 'split', memberIds: [bob.id] });
    const socket = await connect(b, bob.auth.accessToken);
    try {
      await socket.request('conversation.join', { conversationId: conversation.id });
      const created = record(socket, 'message.created');
      const png = await makePng(200, 100);
      const { media } = await alice.api.uploadMedia(png, { name: 'split.png', contentType: 'image/png' });
      const { message } = await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'via A', attachments: [{ id: media.id }] });
      expect(message.attachments[0]).toMatchObject({ id: media.id, name: 'split.png', size: png.length });

      const fetchFromB = async (link: string) => {
        const res = await fetch(bob.api.mediaUrl(link));
        expect(res.status).toBe(200);
        return res;
      };
      const history = await bob.api.history(conversation.id);
      const viaHistory = await fetchFromB(history.messages[0].attachments[0].url!);
      expect(viaHistory.headers.get('content-length')).toBe(String(png.length));
      expect(Buffer.from(await viaHistory.arrayBuffer()).equals(png)).toBe(true);
      expect((await fetchFromB(history.messages[0].attachments[0].thumbnailUrl!)).headers.get('content-type')).toBe('image/webp');
      await created.waitFor(1);
      expect(Buffer.from(await (await fetchFromB(created.frames[0].message.attachments[0].url!)).arrayBuffer()).equals(png)).toBe(true);
      const ranged = await fetch(bob.api.mediaUrl(message.attachments[0].url!), { headers: { range: 'bytes=0-7' } });
      expect(ranged.status).toBe(206);
      expect(Buffer.from(await ranged.arrayBuffer()).equals(png.subarray(0, 8))).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('refuses an oversized upload through the gateway with the media app’s 413', async () => {
    const alice = await signUp(cluster.gateways[0], 'big');
    const err = await alice.api.uploadMedia(Buffer.alloc(400_000, 1), { name: 'big.bin', contentType: 'application/pdf' }).catch((e) => e);
    expect(err).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(err.body.message).toContain('293 KB');
  });

  it('issues a pre-signed upload URL on gateway A and takes the file PUT to it, with no token, through gateway B', async () => {
    const [a, b] = cluster.gateways;
    const alice = await signUp(a, 'presigned');
    const png = await makePng(120, 80);
    const { uploadUrl, mediaId } = await alice.api.createUploadUrl({ name: 'signed.png', contentType: 'image/png', size: png.length });
    const put = await fetch(`${b}${uploadUrl}`, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png });
    expect(put.status).toBe(201);
    const { media } = (await put.json()) as { media: { id: string; url: string } };
    expect(media.id).toBe(mediaId);
    expect(Buffer.from(await (await fetch(alice.api.mediaUrl(media.url))).arrayBuffer()).equals(png)).toBe(true);
  });
});

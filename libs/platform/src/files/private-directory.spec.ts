import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensurePrivateDirectory } from './private-directory';

describe('ensurePrivateDirectory', () => {
  let root: string;
  const modeOf = async (p: string) => (await stat(p)).mode & 0o777;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'private-dir-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('creates the folder and every missing parent 0700, whatever the umask leaves others', async () => {
    const leaf = path.join(root, 'data', 'exports', 'tenant');
    await ensurePrivateDirectory(leaf);
    for (const dir of [path.join(root, 'data'), path.join(root, 'data', 'exports'), leaf]) expect(await modeOf(dir)).toBe(0o700);
  });

  it('tightens an existing leaf it owns, and leaves existing parents as they are', async () => {
    const parent = path.join(root, 'shared');
    const leaf = path.join(parent, 'tenant');
    await mkdir(leaf, { recursive: true, mode: 0o755 });
    await ensurePrivateDirectory(leaf, { ownLeaf: true });
    expect(await modeOf(leaf)).toBe(0o700);
    expect(await modeOf(parent)).toBe(0o755);
    await ensurePrivateDirectory(parent);
    expect(await modeOf(parent)).toBe(0o755);
  });
});

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

  it('creates the folder 0700, and missing parents as the umask says (another OS user may have to pass through them)', async () => {
    const leaf = path.join(root, 'data', 'exports');
    const umask = process.umask();
    await ensurePrivateDirectory(leaf);
    expect(await modeOf(leaf)).toBe(0o700);
    expect(await modeOf(path.join(root, 'data'))).toBe(0o777 & ~umask);
    // Again: nothing changes, nothing fails.
    await ensurePrivateDirectory(leaf);
    expect(await modeOf(leaf)).toBe(0o700);
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

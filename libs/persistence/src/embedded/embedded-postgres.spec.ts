import { readFile, rm, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { writeInitdbPasswordFile } from './embedded-postgres';

describe('the password file initdb reads', () => {
  it('is readable by its owner only', async () => {
    const file = await writeInitdbPasswordFile('s3cret', {});
    try {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await readFile(file, 'utf8')).toBe('s3cret\n');
    } finally {
      await rm(file, { force: true });
    }
  });

  (userInfo().uid === 0 ? it : it.skip)('belongs to the OS user initdb runs as (as root)', async () => {
    const file = await writeInitdbPasswordFile('s3cret', { uid: 65534, gid: 65534 });
    try {
      const { uid, gid, mode } = await stat(file);
      expect({ uid, gid, mode: mode & 0o777 }).toEqual({ uid: 65534, gid: 65534, mode: 0o600 });
    } finally {
      await rm(file, { force: true });
    }
  });
});

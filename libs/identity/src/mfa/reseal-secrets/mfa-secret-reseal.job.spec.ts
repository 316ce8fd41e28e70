import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@chat/platform';
import type { DataSource } from 'typeorm';
import type { StoredMfaSecret, UsersRepository } from '../../auth/users.repository';
import { TotpSecretSeal } from '../totp-secret-seal';
import { MfaSecretResealJob } from './mfa-secret-reseal.job';

// The pass on real rows, the lock and the compare-and-set are proven by apps/all-in-one/src/mfa-secret-reseal.integration-spec.ts.
describe('MfaSecretResealJob', () => {
  afterEach(() => jest.restoreAllMocks());

  it('stops at shutdown after the page it is on, so the pool it uses can close, and logs that it stopped early', async () => {
    const rows: StoredMfaSecret[] = ['1', '2', '3', '4', '5', '6'].map((n) => ({ tenantId: 'tenant', id: `0000000${n}`, mfaSecret: 'JBSWY3DPEHPK3PXP' }));
    let shutdown: Promise<void> | undefined;
    const users = {
      storedMfaSecrets: jest.fn(async (afterId: string, limit: number) => rows.filter((row) => row.id > afterId).slice(0, limit)),
      // The app begins to shut down while the first row is written.
      resealMfaSecret: jest.fn(async () => {
        shutdown ??= job.onModuleDestroy();
        return true;
      }),
    };
    const lock = { connect: async () => undefined, query: async () => [{ locked: true }], release: async () => undefined };
    const dataSource = { createQueryRunner: () => lock } as unknown as DataSource;
    const config = { auth: { mfaResealBatchSize: 2 } } as AppConfig;
    const job = new MfaSecretResealJob(users as unknown as UsersRepository, new TotpSecretSeal([randomBytes(32)]), dataSource, config);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    expect(await job.run()).toEqual({ sealed: 2, unreadable: 0, changed: 0 });
    await shutdown;
    expect(users.storedMfaSecrets).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ event: 'mfa.secrets.resealed', sealed: 2, stopped: true }), expect.any(String));
  });
});

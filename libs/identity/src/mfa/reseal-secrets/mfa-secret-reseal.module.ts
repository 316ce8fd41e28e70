import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity.module';
import { MfaSecretResealJob } from './mfa-secret-reseal.job';

/**
 * The start-up pass that moves every stored TOTP secret to the sealing key (MfaSecretResealJob).
 * Its own module, apart from IdentityModule, so it runs only in the apps that own identity's
 * writes (command, all-in-one), not in every app that authenticates.
 */
@Module({
  imports: [IdentityModule],
  providers: [MfaSecretResealJob],
  exports: [MfaSecretResealJob],
})
export class MfaSecretResealModule {}

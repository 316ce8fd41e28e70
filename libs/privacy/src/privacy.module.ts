import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@chat/audit';
import { BusinessesModule } from '@chat/businesses';
import { ConversationsModule } from '@chat/conversations';
import { IdentityModule } from '@chat/identity';
import { MessagingModule } from '@chat/messaging';
import { AccountErasure } from './delete-account/account-erasure';
import { DeleteAccountHandler } from './delete-account/delete-account.handler';
import { AccountExport } from './export-data/account-export';
import { PersonalDataRepository } from './export-data/personal-data.repository';
import { PrivacyController } from './privacy.controller';

/**
 * `GET /v1/me/export` and `DELETE /v1/me`: the account holder's rights over their data (seed 003,
 * req. 11.3). Served by the query (export) and command (deletion) apps; the erasure of a deleted
 * account's messages runs wherever the module is, idempotently.
 */
@Module({
  imports: [CqrsModule, IdentityModule, AuditModule, ConversationsModule, MessagingModule, BusinessesModule],
  controllers: [PrivacyController],
  providers: [AccountExport, PersonalDataRepository, DeleteAccountHandler, AccountErasure],
  exports: [AccountErasure],
})
export class PrivacyModule {}

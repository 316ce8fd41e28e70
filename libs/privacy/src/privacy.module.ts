import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@chat/audit';
import { IdentityModule } from '@chat/identity';
import { AccountExport } from './export-data/account-export';
import { PersonalDataRepository } from './export-data/personal-data.repository';
import { PrivacyController } from './privacy.controller';

/**
 * `GET /v1/me/export` and `DELETE /v1/me`: the account holder's rights over their data (seed 003,
 * req. 11.3). The routes and the export are served by the query and command apps alike; the
 * deletion's handler and its sweeper are AccountDeletionModule, imported where commands run.
 */
@Module({
  imports: [CqrsModule, IdentityModule, AuditModule],
  controllers: [PrivacyController],
  providers: [AccountExport, PersonalDataRepository],
})
export class PrivacyModule {}

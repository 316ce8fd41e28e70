import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import type { UploadUrlResponse } from '@chat/contracts';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { UploadAdmission } from '../upload-media/upload-admission';
import { CreateUploadUrlCommand } from './create-upload-url.command';
import { UploadGrants } from './upload-grants';

/**
 * Issues a pre-signed upload URL once the file's terms pass as an upload's would. Nothing is
 * stored: the quota and the disk are checked when the bytes come, as they may have changed by then.
 */
@CommandHandler(CreateUploadUrlCommand)
export class CreateUploadUrlHandler implements ICommandHandler<CreateUploadUrlCommand> {
  constructor(
    private readonly admission: UploadAdmission,
    private readonly grants: UploadGrants,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, request }: CreateUploadUrlCommand): Promise<UploadUrlResponse> {
    const durationMs = request.durationMs ?? null;
    const { name, contentType } = this.admission.admit({ name: request.name, contentType: request.contentType, declaredBytes: request.size, declaredDurationMs: durationMs });
    const expires = Math.floor(Date.now() / 1000) + this.config.media.uploadUrlTtlSeconds;
    const { userId, tenantId, sessionId } = principal;
    const grant = { id: uuidv7(), tenantId, userId, sessionId, name, contentType, size: request.size, durationMs, expires };
    return { uploadUrl: `/v1/media/uploads/${this.grants.token(grant)}`, mediaId: grant.id, expiresAt: new Date(expires * 1000).toISOString() };
  }
}

import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { Authenticator, type Principal } from '@chat/identity';
import { UserRateLimits } from '@chat/platform';
import { MediaUrlSigner } from '../links/media-url-signer';
import { toMedia } from '../shared/media.mapper';
import { MediaRepository } from '../shared/media.repository';
import { UploadMediaCommand, type StoredUpload } from '../upload-media/upload-media.command';
import { essenceOf } from '../upload-media/upload-policy';
import { UploadToUrlCommand } from './upload-to-url.command';
import { UploadGrants, type UploadGrant } from './upload-grants';

/**
 * Stores the one file a pre-signed upload URL grants, through the same upload as `POST /v1/media`
 * under the id the URL reserved. Once stored, the URL answers that file again (a PUT retried after
 * a lost answer). Two PUTs at once on different media replicas both upload, and the database
 * decides which is the file (UploadMediaHandler); a PUT while another for the same URL is under
 * way in this process waits for it instead, rather than stream a copy bound to be dropped. Every
 * PUT spends one of the grant holder's RATE_LIMIT_UPLOADS_PER_MINUTE, as `POST /v1/media` does: a
 * refused PUT cannot be sent again without bound for the URL's lifetime.
 */
@CommandHandler(UploadToUrlCommand)
export class UploadToUrlHandler implements ICommandHandler<UploadToUrlCommand> {
  private readonly underWay = new Map<string, Promise<StoredUpload>>();

  constructor(
    private readonly grants: UploadGrants,
    private readonly authenticator: Authenticator,
    private readonly media: MediaRepository,
    private readonly signer: MediaUrlSigner,
    private readonly commands: CommandBus,
    private readonly rates: UserRateLimits,
  ) {}

  async execute({ token, contentType, declaredBytes, source }: UploadToUrlCommand): Promise<StoredUpload> {
    const grant = this.grants.verify(token);
    // After the signature is checked: a forged URL spends nobody's uploads; before a byte is read.
    await this.rates.spend('uploadsPerMinute', grant.userId);
    const principal = await this.authenticator.stillActive({ userId: grant.userId, tenantId: grant.tenantId, sessionId: grant.sessionId });
    if (essenceOf(contentType) !== grant.contentType) {
      throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `This upload link is for a file of type ${grant.contentType}`, `Send it with Content-Type: ${grant.contentType}`);
    }
    const earlier = this.underWay.get(grant.id);
    if (earlier) return { media: (await earlier).media, created: false };
    const attempt = this.storeOnce(principal, grant, declaredBytes, source);
    this.underWay.set(grant.id, attempt);
    try {
      return await attempt;
    } finally {
      this.underWay.delete(grant.id);
    }
  }

  private async storeOnce(principal: Principal, grant: UploadGrant, declaredBytes: number | null, source: AsyncIterable<Uint8Array>): Promise<StoredUpload> {
    const stored = await this.media.findById(grant.id);
    if (stored) return { media: toMedia(stored, this.signer), created: false };
    const file = { name: grant.name, contentType: grant.contentType, declaredBytes, declaredDurationMs: grant.durationMs };
    return this.commands.execute(new UploadMediaCommand(principal, file, source, { id: grant.id, maxBytes: grant.size }));
  }
}

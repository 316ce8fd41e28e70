import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type ProfileUpdatesResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, ValidationError, type AppConfig } from '@chat/platform';
import { ProfileSourceError } from '../profile-source.client';
import { ProfileSync } from '../profile-sync';
import { ApplyProfileUpdatesCommand } from './apply-profile-updates.command';

/** The longest subject taken: ids at the main service are UUIDs; this only bounds what is stored and logged. */
const SUBJECT_MAX_CHARS = 255;

/**
 * A profile-update notice from the main service (seed 004 R9.4, R10.2): `{ids}`, 1 ..
 * PROFILE_SOURCE_BATCH_MAX subjects, whose cached entries are dropped and fetched again at once in
 * one batch call. The main service not answering that call is 503 SERVICE_UNAVAILABLE: the entries
 * stay dropped, so the next login or refresh pass fetches them.
 */
@CommandHandler(ApplyProfileUpdatesCommand)
export class ApplyProfileUpdatesHandler implements ICommandHandler<ApplyProfileUpdatesCommand> {
  constructor(
    private readonly sync: ProfileSync,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ body }: ApplyProfileUpdatesCommand): Promise<ProfileUpdatesResponse> {
    const ids = this.validIds(body);
    try {
      const { fetched, accountsUpdated } = await this.sync.invalidate(ids);
      return { fetched, accountsUpdated };
    } catch (cause) {
      if (!(cause instanceof ProfileSourceError)) throw cause;
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `The profiles could not be fetched from the profile source (${cause.reason})`, 'The entries were dropped, so the next login or refresh fetches them; or send the notice again later', { cause });
    }
  }

  private validIds(body: unknown): string[] {
    const max = this.config.profileSource.batchMax;
    const ids = (body as { ids?: unknown } | null)?.ids;
    const refuse = (problem: string) => new ValidationError([{ field: 'ids', problem }], 'Send {"ids": ["<subject>", ...]}');
    if (!Array.isArray(ids)) throw refuse('must be an array of subject ids');
    if (ids.length === 0) throw refuse('must name at least one subject');
    if (ids.length > max) throw refuse(`must name at most ${max} subjects (PROFILE_SOURCE_BATCH_MAX); split the notice`);
    const bad = ids.findIndex((id) => typeof id !== 'string' || !id.trim() || id.length > SUBJECT_MAX_CHARS || !id.isWellFormed());
    if (bad >= 0) throw refuse(`[${bad}] must be a non-empty string of at most ${SUBJECT_MAX_CHARS} characters`);
    return ids as string[];
  }
}

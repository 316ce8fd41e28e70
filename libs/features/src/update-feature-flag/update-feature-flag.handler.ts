import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ErrorCode, EventName, type FeatureFlagState } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { TenantAdmins } from '@chat/identity';
import { OutboxWriter } from '@chat/persistence';
import { APP_CONFIG, ValidationError, type AppConfig } from '@chat/platform';
import { FeatureFlags } from '../shared/feature-flags';
import { FeatureFlagsRepository } from '../shared/feature-flags.repository';
import { flagState, knownKey } from '../shared/flag-state';
import { UpdateFeatureFlagCommand } from './update-feature-flag.command';

/**
 * A tenant administrator sets a flag's whole state: on or off, the rollout share, the users forced
 * on or off. It commits with its `chat.feature.changed.v1` event, on which the gateways tell the
 * tenant's connected devices to ask again what is on for them (`features.updated`).
 */
@CommandHandler(UpdateFeatureFlagCommand)
export class UpdateFeatureFlagHandler implements ICommandHandler<UpdateFeatureFlagCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly admins: TenantAdmins,
    private readonly repository: FeatureFlagsRepository,
    private readonly outbox: OutboxWriter,
    private readonly features: FeatureFlags,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, key: asked, request }: UpdateFeatureFlagCommand): Promise<FeatureFlagState> {
    await this.admins.assertAdmin(principal);
    const key = knownKey(asked);
    const overrides = request.overrides ?? [];
    const { overridesMax } = this.config.features;
    if (overrides.length > overridesMax) throw new ValidationError([{ field: 'overrides', problem: `must name at most ${overridesMax} users` }]);
    const userIds = overrides.map((o) => o.userId.toLowerCase());
    const repeated = userIds.find((id, i) => userIds.indexOf(id) !== i);
    if (repeated) throw new ValidationError([{ field: 'overrides', problem: `names ${repeated} more than once` }]);
    const existing = await this.repository.existingUsers(principal.tenantId, userIds);
    const unknown = userIds.find((id) => !existing.has(id));
    if (unknown) throw new DomainError(ErrorCode.USER_NOT_FOUND, `No user ${unknown} in this chat`, 'Overrides name users of this chat by id');
    const state = { enabled: request.enabled, rolloutPercent: request.rolloutPercent ?? 100, overrides: overrides.map((o, i) => ({ userId: userIds[i], enabled: o.enabled })) };
    const { tenantId, userId } = principal;
    await this.dataSource.transaction(async (em) => {
      await this.repository.replace(em, tenantId, key, state, userId);
      await this.outbox.append(em, [{ name: EventName.FeatureFlagChanged, tenantId, aggregateType: 'user', aggregateId: userId, payload: { key, changedBy: userId } }]);
    });
    this.features.changed(tenantId);
    return flagState(key, (await this.repository.load(tenantId)).get(key));
  }
}

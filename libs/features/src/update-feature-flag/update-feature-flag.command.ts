import { Command } from '@nestjs/cqrs';
import type { FeatureFlagState, UpdateFeatureFlagRequest } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class UpdateFeatureFlagCommand extends Command<FeatureFlagState> {
  constructor(
    readonly principal: Principal,
    readonly key: string,
    readonly request: UpdateFeatureFlagRequest,
  ) {
    super();
  }
}

import { applyDecorators, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { FeatureKey } from '@chat/contracts';
import { AccessTokenGuard, type Principal } from '@chat/identity';
import { FeatureFlags } from '../shared/feature-flags';

const REQUIRED_FEATURE = 'chat:required-feature';

/**
 * Refuses a route with 403 FEATURE_DISABLED while the feature is off for the caller. Runs after
 * AccessTokenGuard when the controller has it (put @RequiresFeature above @UseGuards(AccessTokenGuard)
 * on a class: decorators apply bottom-up); on a route without it, it authenticates the caller itself.
 */
@Injectable()
export class RequiresFeatureGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly features: FeatureFlags,
    private readonly accessTokens: AccessTokenGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const key = this.reflector.getAllAndOverride<FeatureKey | undefined>(REQUIRED_FEATURE, [context.getHandler(), context.getClass()]);
    if (!key) return true;
    const req = context.switchToHttp().getRequest<{ principal?: Principal }>();
    if (!req.principal) await this.accessTokens.canActivate(context);
    await this.features.assertEnabled(req.principal!, key);
    return true;
  }
}

/** The route (or every route of the controller) needs the feature on for the caller: 403 FEATURE_DISABLED otherwise. */
export function RequiresFeature(key: FeatureKey): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_FEATURE, key),
    UseGuards(RequiresFeatureGuard),
    ApiForbiddenResponse({ description: `FEATURE_DISABLED when the feature flag "${key}" is off for the caller (see GET /v1/me/features)` }),
  );
}

import type { RegisterRequest } from '@chat/contracts';
import { ValidationError, assertText, type AppConfig } from '@chat/platform';
import { assertUsernameLength } from './username-rules';

/** What a new password account must satisfy, whether registered or a new tenant's first administrator. */
export function assertNewAccount(input: RegisterRequest, config: AppConfig, field = ''): void {
  assertUsernameLength(input.username, config, `${field}username`);
  assertText(`${field}displayName`, input.displayName, config.limits.displayNameMaxChars);
  const { passwordMinLength, passwordMaxLength } = config.auth;
  if (input.password.length < passwordMinLength || input.password.length > passwordMaxLength) {
    throw new ValidationError([{ field: `${field}password`, problem: `must be ${passwordMinLength}..${passwordMaxLength} characters` }]);
  }
}

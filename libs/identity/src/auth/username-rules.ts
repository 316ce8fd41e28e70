import type { AppConfig } from '@chat/platform';
import { ValidationError } from '@chat/platform';

export function assertUsernameLength(username: string, config: AppConfig, field = 'username'): void {
  const max = config.limits.usernameMaxChars;
  if (username.length < 3 || username.length > max) {
    throw new ValidationError([{ field, problem: `must be 3..${max} characters` }]);
  }
}

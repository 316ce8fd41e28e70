import type { UpdateBusinessRequest } from '@chat/contracts';
import { businessHoursProblems } from '@chat/domain';
import { ValidationError, assertText, type AppConfig } from '@chat/platform';

/** A business's name (trimmed, non-empty, at most CONVERSATION_NAME_MAX_CHARS: it names its conversations) and hours, checked. */
export function checkedBusinessInput(input: UpdateBusinessRequest, limits: AppConfig['limits']): UpdateBusinessRequest {
  const name = input.name?.trim();
  if (name !== undefined && name.length === 0) throw new ValidationError([{ field: 'name', problem: 'must not be empty' }]);
  assertText('name', name, limits.conversationNameMaxChars);
  const problems = input.hours === undefined ? [] : businessHoursProblems(input.hours);
  if (problems.length > 0) throw new ValidationError(problems);
  return { ...input, name };
}

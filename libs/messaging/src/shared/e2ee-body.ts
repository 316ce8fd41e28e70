import { ErrorCode } from '@chat/contracts';
import { DomainError, checkCiphertextEnvelope, envelopeKeyVersion } from '@chat/domain';
import type { ConversationEntity } from '@chat/persistence';
import { ValidationError, assertText, type AppConfig } from '@chat/platform';

/**
 * A body's E2EE reading, decided without the conversation: its key version when it is a
 * well-formed ciphertext envelope (null for plaintext), after the size check that fits it.
 * Envelopes carry no attachments: uploads are stored, scanned and thumbnailed in clear.
 */
export function classifyBody(body: string, attachments: number, config: Pick<AppConfig, 'limits' | 'e2ee'>): number | null {
  const keyVersion = typeof body === 'string' ? envelopeKeyVersion(body) : null;
  assertText('body', body, keyVersion === null ? config.limits.messageBodyMaxChars : config.e2ee.messageMaxChars);
  if (keyVersion !== null && attachments > 0) {
    throw new ValidationError([{ field: 'attachments', problem: 'are not supported in end-to-end encrypted conversations (the server would hold them in clear)' }]);
  }
  return keyVersion;
}

/** Why this body may not be stored in this conversation, or null when it may (the send statement applies the same rule). */
export function e2eeRefusal(conversation: Pick<ConversationEntity, 'e2ee' | 'e2eeKeyVersion' | 'e2eeRotationRequired'>, body: string): DomainError | null {
  const check = checkCiphertextEnvelope(body);
  if (!conversation.e2ee) {
    return check.ok ? new DomainError(ErrorCode.E2EE_NOT_ENABLED, 'A ciphertext envelope was sent to a conversation that is not end-to-end encrypted', 'Send plaintext here') : null;
  }
  if (!check.ok) {
    return new DomainError(ErrorCode.E2EE_CIPHERTEXT_REQUIRED, `This conversation is end-to-end encrypted: the body ${check.problem}`, 'Encrypt the body with the conversation key on the client (see the SDK E2ee class)');
  }
  if (conversation.e2eeRotationRequired) {
    return new DomainError(ErrorCode.E2EE_ROTATION_REQUIRED, 'Membership changed since the current key was made: a new key version must be distributed first', `Distribute key version ${conversation.e2eeKeyVersion + 1}, then encrypt with it`);
  }
  if (check.envelope.keyVersion !== conversation.e2eeKeyVersion) {
    return new DomainError(ErrorCode.E2EE_KEY_VERSION_STALE, `The body is encrypted with key version ${check.envelope.keyVersion}; the current one is ${conversation.e2eeKeyVersion}`, 'Fetch the keys again and re-encrypt with the current version');
  }
  return null;
}

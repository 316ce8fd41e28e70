import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type PushSubscriptionRequest, type PushSubscriptionView } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, ValidationError, type AppConfig } from '@chat/platform';
import { VAPID_KEYS, type VapidKeys } from '../push/vapid-keys';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';
import { RegisterPushSubscriptionCommand } from './register-push-subscription.command';

/**
 * Registers a browser for Web Push, for the login it is made with (it ends with that login); beyond
 * PUSH_SUBSCRIPTIONS_MAX the user's least recently registered one goes.
 */
@CommandHandler(RegisterPushSubscriptionCommand)
export class RegisterPushSubscriptionHandler implements ICommandHandler<RegisterPushSubscriptionCommand> {
  constructor(
    private readonly subscriptions: PushSubscriptionsRepository,
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeys | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, request }: RegisterPushSubscriptionCommand): Promise<{ subscription: PushSubscriptionView; created: boolean }> {
    if (!this.vapid) throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, 'Push notifications are not configured on this server', 'The operator sets VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY');
    const problems = subscriptionProblems(request, this.config.notifications.push.allowHttpEndpoints);
    if (problems.length) throw new ValidationError(problems);
    const { push } = this.config.notifications;
    const registered = await this.subscriptions.register(principal, request, push.subscriptionsMax);
    // The login ended between the token check and the registration (a logout from another tab).
    if (!registered) throw new DomainError(ErrorCode.TOKEN_REVOKED, 'This login has ended', 'Log in again');
    return registered;
  }
}

/** What is wrong with a subscription beyond its shape: the endpoint's scheme, the keys' sizes (RFC 8291). */
export function subscriptionProblems(request: PushSubscriptionRequest, allowHttp: boolean): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  const schemes = allowHttp ? ['https:', 'http:'] : ['https:'];
  let url: URL | null = null;
  try {
    url = new URL(request.endpoint);
  } catch {
    // reported below
  }
  if (!url || !schemes.includes(url.protocol)) problems.push({ field: 'endpoint', problem: `must be an ${schemes.join(' or ')} URL` });
  if (!isBase64Url(request.keys.p256dh, 65) || Buffer.from(request.keys.p256dh, 'base64url')[0] !== 0x04) {
    problems.push({ field: 'keys.p256dh', problem: 'must be an uncompressed P-256 public key, base64url (65 bytes)' });
  }
  if (!isBase64Url(request.keys.auth, 16)) problems.push({ field: 'keys.auth', problem: 'must be 16 bytes, base64url' });
  return problems;
}

function isBase64Url(value: string, bytes: number): boolean {
  return /^[A-Za-z0-9_-]+=*$/.test(value) && Buffer.from(value, 'base64url').length === bytes;
}

import type { NotificationSettingsView } from '@chat/contracts';
import { RateLimitedError, type AppConfig } from '@chat/platform';
import type { VerificationMailer } from '../email-verification/verification-mailer';
import type { NotificationSettingsRepository } from './notification-settings.repository';
import { UpdateNotificationSettingsCommand } from './update-notification-settings.command';
import { UpdateNotificationSettingsHandler } from './update-notification-settings.handler';

// The codes, their mails and their budget against real rows: apps/all-in-one/src/notifications.integration-spec.ts.
describe('UpdateNotificationSettingsHandler', () => {
  const principal = { tenantId: 't', userId: 'u', sessionId: 's' };
  const config = { notifications: { email: { smtpUrl: 'smtp://127.0.0.1:25' } } } as AppConfig;
  const verified: NotificationSettingsView = { push: true, email: true, emailAddress: 'dana@example.com', channels: false, emailVerified: true };

  function handler(newCode: () => Promise<unknown>) {
    const settings = { get: jest.fn().mockResolvedValue(verified), save: jest.fn() };
    const verification = { available: true, newCode: jest.fn(newCode), send: jest.fn() };
    const subject = new UpdateNotificationSettingsHandler(settings as unknown as NotificationSettingsRepository, verification as unknown as VerificationMailer, null, config);
    return { subject, settings, verification };
  }

  it('keeps the address verified, and mails nothing, when only the domain’s case changes', async () => {
    const { subject, settings, verification } = handler(async () => ({ code: '01234567', hash: 'h', expiresAt: new Date() }));
    const { settings: saved } = await subject.execute(new UpdateNotificationSettingsCommand(principal, { emailAddress: 'dana@EXAMPLE.com' }));
    expect(saved).toMatchObject({ emailAddress: 'dana@EXAMPLE.com', emailVerified: true });
    expect(settings.save).toHaveBeenCalledWith('t', 'u', { push: true, email: true, emailAddress: 'dana@EXAMPLE.com', channels: false });
    expect(verification.newCode).not.toHaveBeenCalled();
  });

  it('saves a new address unverified with the hash of the code it mails', async () => {
    const code = { code: '01234567', hash: 'h', expiresAt: new Date() };
    const { subject, settings, verification } = handler(async () => code);
    const { settings: saved } = await subject.execute(new UpdateNotificationSettingsCommand(principal, { emailAddress: 'other@example.com' }));
    expect(saved).toMatchObject({ emailAddress: 'other@example.com', emailVerified: false });
    expect(settings.save).toHaveBeenCalledWith('t', 'u', expect.objectContaining({ emailAddress: 'other@example.com' }), { code });
    expect(verification.send).toHaveBeenCalledWith('t', 'u', 'other@example.com', '01234567');
  });

  it('refuses a change of address whole, writing nothing, once the hour’s codes are spent', async () => {
    const { subject, settings, verification } = handler(() => Promise.reject(new RateLimitedError(600)));
    await expect(subject.execute(new UpdateNotificationSettingsCommand(principal, { emailAddress: 'other@example.com', channels: true }))).rejects.toBeInstanceOf(RateLimitedError);
    expect(settings.save).not.toHaveBeenCalled();
    expect(verification.send).not.toHaveBeenCalled();
  });
});

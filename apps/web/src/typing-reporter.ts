import type { RealtimeClient } from '@chat/sdk';
import type { MyFeatures } from './feature-gates';

/** Well within the server's default expiry (5 s), so a steady typist never flickers off. */
const RESEND_MS = 2_500;

/**
 * Tells the server while I type. The server forgets a typist a few seconds after their last
 * `typing` event (TYPING_TTL_SECONDS, 5 by default), so while the box keeps changing the event is
 * sent again, but at most once per RESEND_MS; an emptied box, a send, or switching conversations
 * says I stopped at once instead of leaving the others to wait for the expiry. While typing
 * indicators are off for me it says nothing (the server would refuse it with FEATURE_DISABLED).
 */
export class TypingReporter {
  /** The conversation the server currently thinks I am typing in. */
  private typingIn: string | null = null;
  private lastSentAt = 0;

  constructor(
    private readonly client: Pick<RealtimeClient, 'request'>,
    private readonly features: Pick<MyFeatures, 'isOn'>,
  ) {}

  /** The box in `conversationId` changed; `hasText`: it still holds something to send. */
  changed(conversationId: string, hasText: boolean): void {
    if (!hasText || this.typingIn !== conversationId) this.stop();
    if (!hasText || !this.features.isOn('typing-indicators') || Date.now() - this.lastSentAt < RESEND_MS) return;
    this.typingIn = conversationId;
    this.lastSentAt = Date.now();
    this.report(conversationId, true);
  }

  stop(): void {
    if (!this.typingIn) return;
    this.report(this.typingIn, false);
    this.typingIn = null;
    this.lastSentAt = 0;
  }

  private report(conversationId: string, isTyping: boolean): void {
    // Best effort: offline, the indicator simply expires on the others' screens.
    this.client.request('typing', { conversationId, isTyping }).catch(() => undefined);
  }
}

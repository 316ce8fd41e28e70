import type { PushSubscriptionRequest } from '@chat/contracts';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

const SERVICE_WORKER = '/sw.js';

/**
 * This browser's Web Push subscription: the service worker (public/sw.js) shows what the server
 * pushes; the subscription's endpoint and keys are registered with the server, which sends there
 * while I am offline.
 */
export class PushRegistration {
  constructor(private readonly api: SessionApi) {}

  /** Push needs a service worker, the Push API and a secure context (https or localhost). */
  get supported(): boolean {
    return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window && window.isSecureContext;
  }

  /** Asks for permission (once), subscribes this browser and registers it. Rejects with words for the user. */
  async subscribe(vapidPublicKey: string): Promise<void> {
    if (!this.supported) throw new Error(t('push.unsupported'));
    if ((await Notification.requestPermission()) !== 'granted') throw new Error(t('push.blocked'));
    const registration = await navigator.serviceWorker.register(SERVICE_WORKER);
    await navigator.serviceWorker.ready;
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64Url(vapidPublicKey) }));
    await this.api.registerPushSubscription(subscription.toJSON() as PushSubscriptionRequest);
  }

  /**
   * On every start: a browser already subscribed registers again, which refreshes it on the server
   * (the least recently registered browsers are the first dropped) and claims it for this account.
   */
  async refresh(): Promise<void> {
    if (!this.supported || Notification.permission !== 'granted') return;
    const registration = await navigator.serviceWorker.getRegistration(SERVICE_WORKER);
    const subscription = await registration?.pushManager.getSubscription();
    if (subscription) await this.api.registerPushSubscription(subscription.toJSON() as PushSubscriptionRequest);
  }

  /** Conversations a clicked notification asks to open (the service worker posts them). */
  onOpenRequest(open: (conversationId: string, seq?: number) => void): void {
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.addEventListener('message', (e: MessageEvent<{ openConversation?: string; seq?: number }>) => {
        if (typeof e.data?.openConversation === 'string') open(e.data.openConversation, typeof e.data.seq === 'number' ? e.data.seq : undefined);
      });
    }
  }
}

function fromBase64Url(value: string): Uint8Array {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

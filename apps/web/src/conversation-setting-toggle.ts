import type { ConversationSummary } from '@chat/contracts';
import { byId } from './dom';
import type { ConversationDirectory } from './conversation-directory';
import { t } from './i18n/active-locale';
import type { Notifier } from './notifier';
import type { SessionApi } from './session-api';

/** One of my own settings of a conversation (not the others'), kept by the server per member and told to my other tabs by a frame. */
export interface ConversationSetting {
  /** Its button in index.html's conversation header. */
  buttonId: string;
  /** What the directory holds. */
  value(entry: ConversationSummary): boolean;
  /** Asks the server to change it; what the server holds now. */
  save(api: SessionApi, conversationId: string, on: boolean): Promise<boolean>;
  /** Keeps the server's answer in the directory, which redraws every view of it. */
  store(directory: ConversationDirectory, conversationId: string, on: boolean): void;
  /** The button's face, and its label where the label names the conversation (`title`). */
  draw(button: HTMLButtonElement, on: boolean, title: string): void;
}

/** The star (`PUT …/favourite`, `favourite.updated`); its constant label comes from index.html. */
export const FAVOURITE: ConversationSetting = {
  buttonId: 'favourite-button',
  value: (entry) => entry.favourite,
  save: async (api, id, on) => (await api.setFavourite(id, on)).favourite,
  store: (directory, id, on) => directory.setFavourite(id, on),
  draw: (button, on) => {
    button.textContent = on ? '★' : '☆';
  },
};

/**
 * Mute (`PUT …/mute`, `mute.updated`): no notifications from the conversation, except replies to
 * my messages and mentions of me, which come through a mute (the server's rule).
 */
export const MUTE: ConversationSetting = {
  buttonId: 'mute-button',
  value: (entry) => entry.muted,
  save: async (api, id, on) => (await api.setMuted(id, on)).muted,
  store: (directory, id, on) => directory.setMuted(id, on),
  draw: (button, on, title) => {
    button.textContent = on ? '🔕' : '🔔';
    // The name stays "Mute …" either way: aria-pressed says whether it is; the tooltip says what that means.
    const label = t('header.mute', { title });
    button.setAttribute('aria-label', label);
    button.title = on ? t('header.mutedHelp') : label;
  },
};

/**
 * A setting of the open conversation as a toggle button in its header (aria-pressed under a label
 * that does not change with it). It shows what the directory holds, so a change made in another
 * tab or on another device (the setting's frame) shows here as well as one made with it.
 */
export class ConversationSettingToggle {
  private readonly button: HTMLButtonElement;
  /** A change on its way: a second click would send the stale opposite. */
  private sending = false;

  constructor(
    private readonly setting: ConversationSetting,
    private readonly api: SessionApi,
    private readonly directory: ConversationDirectory,
    private readonly notifier: Notifier,
  ) {
    this.button = byId<HTMLButtonElement>(setting.buttonId);
    this.button.addEventListener('click', () => void this.toggle());
  }

  render(): void {
    const open = this.openEntry();
    // A channel previewed before joining is no conversation of mine to set anything on.
    this.button.hidden = !open;
    if (!open) return;
    const on = this.setting.value(open);
    this.button.setAttribute('aria-pressed', String(on));
    this.setting.draw(this.button, on, this.directory.titleOf(open));
  }

  private async toggle(): Promise<void> {
    const entry = this.openEntry();
    if (!entry || this.sending) return;
    this.sending = true;
    try {
      const on = await this.setting.save(this.api, entry.id, !this.setting.value(entry));
      this.setting.store(this.directory, entry.id, on);
    } catch (err) {
      this.notifier.error(err);
    } finally {
      this.sending = false;
    }
  }

  private openEntry(): ConversationSummary | undefined {
    return this.directory.active ? this.directory.get(this.directory.active) : undefined;
  }
}

import { byId } from './dom';
import type { ConversationDirectory } from './conversation-directory';
import type { Notifier } from './notifier';
import type { SessionApi } from './session-api';

/**
 * The star in the open conversation's header, a toggle button (aria-pressed under one constant
 * name). It shows what the directory holds, so a star set in another tab or on another device
 * (a `favourite.updated` frame) shows here as well as one set with it.
 */
export class FavouriteToggle {
  private readonly button = byId<HTMLButtonElement>('favourite-button');
  /** A change on its way: a second click would send the stale opposite. */
  private sending = false;

  constructor(
    private readonly api: SessionApi,
    private readonly directory: ConversationDirectory,
    private readonly notifier: Notifier,
  ) {
    this.button.addEventListener('click', () => void this.toggle());
  }

  render(): void {
    const open = this.openEntry();
    // A channel previewed before joining is no conversation of mine to star.
    this.button.hidden = !open;
    const favourite = open?.favourite ?? false;
    this.button.setAttribute('aria-pressed', String(favourite));
    this.button.textContent = favourite ? '★' : '☆';
  }

  private async toggle(): Promise<void> {
    const entry = this.openEntry();
    if (!entry || this.sending) return;
    this.sending = true;
    try {
      const { favourite } = await this.api.setFavourite(entry.id, !entry.favourite);
      this.directory.setFavourite(entry.id, favourite);
    } catch (err) {
      this.notifier.error(err);
    } finally {
      this.sending = false;
    }
  }

  private openEntry() {
    return this.directory.active ? this.directory.get(this.directory.active) : undefined;
  }
}

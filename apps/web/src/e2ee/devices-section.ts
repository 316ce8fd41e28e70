import type { DeviceKey } from '@chat/contracts';
import { byId, h } from '../dom';
import { fullTime } from '../format';
import { t } from '../i18n/active-locale';
import type { SessionApi } from '../session-api';
import { StatusLine } from '../status-line';

/**
 * The account dialog's "Encryption devices": the browsers and apps holding a key for my E2EE
 * conversations, each but this browser with "Unlink" (GET and DELETE /v1/me/devices). Unlinking
 * frees the device's place (E2EE_DEVICE_KEYS_MAX), gets it no key for what is sent after, and
 * logs it out (the server ends the login it registered its key from), so the dialog's list of
 * logins is read again (`unlinked`). With two-step login on, the code comes from the dialog's one
 * code field (AccountDialog shows it).
 */
export class E2eeDevicesSection {
  private readonly list = byId<HTMLUListElement>('e2ee-devices');
  private readonly code = byId<HTMLInputElement>('account-code');
  private readonly codeField = byId('account-code-field');
  private readonly status = new StatusLine(byId('e2ee-devices-status'));

  constructor(
    private readonly api: SessionApi,
    private readonly thisDevice: string,
    private readonly unlinked: () => Promise<void>,
  ) {
    byId('account-button').addEventListener('click', () => void this.act(() => this.refresh()));
  }

  private act(action: () => Promise<void>): Promise<void> {
    this.status.say('');
    return this.status.run(action);
  }

  private async refresh(): Promise<void> {
    const { devices } = await this.api.myDevices();
    this.list.replaceChildren(...(devices.length ? devices.map((d) => this.row(d)) : [h('li', { class: 'muted small-text' }, t('e2ee.noDevices'))]));
  }

  private row(device: DeviceKey): HTMLLIElement {
    const mine = device.deviceId === this.thisDevice;
    const name = mine ? t('account.thisBrowser') : device.deviceId;
    const row = h('li', { class: 'account-session' }, h('span', { dir: 'auto' }, `${name} `), h('span', { class: 'muted small-text' }, t('e2ee.deviceRegistered', { time: fullTime(device.createdAt) })));
    if (!mine) {
      const unlink = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t('e2ee.unlinkLabel', { device: name }) }, t('e2ee.unlink'));
      unlink.addEventListener('click', () =>
        void this.act(async () => {
          if (!confirm(t('e2ee.confirmUnlink'))) return;
          await this.api.unlinkDevice(device.deviceId, this.codeField.hidden ? undefined : this.code.value.trim() || undefined);
          await Promise.all([this.refresh(), this.unlinked()]);
          this.status.say(t('e2ee.deviceUnlinked'));
        }),
      );
      row.append(' ', unlink);
    }
    return row;
  }
}

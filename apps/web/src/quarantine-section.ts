import type { QuarantinedMedia } from '@chat/contracts';
import { fileSize } from './attachment-view';
import { byId, h } from './dom';
import { fullTime, shortTime } from './format';
import { ReportQueue, type ReportPage } from './report-queue';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/**
 * The Organization dialog's "Quarantined files", for the tenant's administrators: uploads the
 * malware scan refused (`GET /v1/media/quarantine`), newest first, each with its name, size, who
 * sent it and what the scan found. Nobody can open them; Delete removes one for good (after a
 * confirm), and the server removes the rest after MEDIA_QUARANTINE_DAYS. One page, the server's
 * default, and a line saying when more are held.
 */
export class QuarantineSection {
  readonly title = byId('organization-quarantine-title');
  private readonly queue = new ReportQueue({ list: byId<HTMLUListElement>('organization-quarantine'), status: byId('organization-quarantine-status'), title: this.title, empty: () => t('quarantine.none') });

  constructor(private readonly api: SessionApi) {}

  load(): Promise<void> {
    return this.queue.show(() => this.page());
  }

  private async page(): Promise<ReportPage> {
    const { quarantined, hasMore } = await this.api.mediaQuarantine();
    // The rest show as these are deleted (or expire): the list is a queue worked from the top.
    const more = hasMore ? [h('li', { class: 'muted small-text' }, t('quarantine.more'))] : [];
    return { rows: [...quarantined.map((q) => this.row(q)), ...more], hasMore };
  }

  private row(held: QuarantinedMedia): HTMLLIElement {
    const what = t('quarantine.row', { name: held.name, size: fileSize(held.size), uploader: held.uploaderName ?? t('quarantine.goneAccount'), signature: held.signature });
    const remove = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t('quarantine.deleteLabel', { name: held.name }) }, t('quarantine.delete'));
    remove.addEventListener('click', () => {
      if (confirm(t('quarantine.confirmDelete', { name: held.name }))) void this.queue.close(() => this.api.deleteQuarantined(held.id), () => this.load());
    });
    return h(
      'li',
      { class: 'moderation-entry', 'data-quarantine-id': held.id },
      h('time', { datetime: held.quarantinedAt, title: fullTime(held.quarantinedAt), class: 'muted small-text' }, shortTime(held.quarantinedAt)),
      h('span', { dir: 'auto' }, ` ${what} `),
      remove,
    );
  }
}

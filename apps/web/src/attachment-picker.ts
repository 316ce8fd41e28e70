import type { Media, MediaAttachmentRef, MediaLimitsResponse } from '@chat/contracts';
import { fileSize } from './attachment-view';
import { byId, h } from './dom';
import { errorText } from './error-text';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

type Pending = { file: File; status: 'uploading' } | { file: File; status: 'ready'; media: Media } | { file: File; status: 'failed'; error: string };

/**
 * The composer's attach button: the chosen file is checked against the server's limits (a file
 * too large or of a refused type is explained at once, before a byte is sent), then uploaded,
 * and the next message sent carries it. One file at a time; choosing another replaces it.
 */
export class AttachmentPicker {
  private readonly button = byId<HTMLButtonElement>('attach-button');
  private readonly input = byId<HTMLInputElement>('attach-input');
  private readonly chip = byId('composer-attachment');
  private limits: Promise<MediaLimitsResponse | null> | null = null;
  private pending: Pending | null = null;
  /** Why files cannot be attached here (an E2EE conversation: the server refuses them), or null. */
  private refusal: string | null = null;

  constructor(private readonly api: SessionApi) {
    this.button.addEventListener('click', () => {
      if (this.refusal) this.say(this.refusal);
      else this.input.click();
    });
    this.input.addEventListener('change', () => {
      const file = this.input.files?.[0];
      this.input.value = '';
      if (file) void this.pick(file);
    });
  }

  /** E2EE conversations take no attachments (the server would store them in clear): the button says why instead of opening the file chooser. */
  refuse(reason: string | null): void {
    this.refusal = reason;
    const label = reason ?? t('markup.attachFile');
    this.button.setAttribute('aria-label', label);
    this.button.title = label;
    if (reason) this.button.setAttribute('aria-disabled', 'true');
    else this.button.removeAttribute('aria-disabled');
  }

  /** What the next message carries: the upload when it is done (an empty list otherwise). */
  ready(): MediaAttachmentRef[] {
    return this.pending?.status === 'ready' ? [{ id: this.pending.media.id }] : [];
  }

  get uploading(): boolean {
    return this.pending?.status === 'uploading';
  }

  clear(): void {
    this.pending = null;
    this.render();
  }

  async pick(file: File): Promise<void> {
    const limits = await this.loadLimits();
    const refusal = limits && refusalOf(file, limits);
    if (refusal) return this.show({ file, status: 'failed', error: refusal });
    const pending: Pending = { file, status: 'uploading' };
    this.show(pending);
    try {
      const { media } = await this.api.uploadMedia(file, { name: file.name, contentType: file.type || 'application/octet-stream' });
      if (this.pending === pending) this.show({ file, status: 'ready', media });
    } catch (err) {
      if (this.pending === pending) this.show({ file, status: 'failed', error: errorText(err) });
    }
  }

  private loadLimits(): Promise<MediaLimitsResponse | null> {
    // Without them the server still refuses (413/415), with the same words.
    this.limits ??= this.api.mediaLimits().catch(() => (this.limits = null));
    return this.limits;
  }

  private show(pending: Pending): void {
    this.pending = pending;
    this.render();
  }

  private say(reason: string): void {
    this.pending = null;
    this.chip.hidden = false;
    this.chip.dataset.status = 'refused';
    this.chip.replaceChildren(h('span', { class: 'attachment-error', role: 'alert' }, reason));
  }

  private render(): void {
    const p = this.pending;
    this.chip.hidden = !p;
    if (!p) return this.chip.replaceChildren();
    const remove = h('button', { type: 'button', class: 'button ghost icon small', 'aria-label': t('attachment.remove', { name: p.file.name }) }, '×');
    remove.addEventListener('click', () => this.clear());
    const status =
      p.status === 'uploading' ? h('span', { class: 'attachment-status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('attachment.uploading')) : p.status === 'ready' ? h('span', { class: 'attachment-status' }, t('attachment.ready')) : h('span', { class: 'attachment-error', role: 'alert' }, p.error);
    this.chip.dataset.status = p.status;
    this.chip.replaceChildren(h('span', { class: 'attachment-name', dir: 'auto' }, p.file.name), h('span', { class: 'attachment-size' }, fileSize(p.file.size)), status, remove);
  }
}

/** Why the server would refuse this file, in plain words (null: it would not). */
export function refusalOf(file: { name: string; size: number; type: string }, limits: MediaLimitsResponse): string | null {
  if (file.size > limits.maxBytes) {
    // Just over the limit both round alike ("293 KB"): then the exact bytes say it.
    const [size, max] = fileSize(file.size) === fileSize(limits.maxBytes) ? [file.size, limits.maxBytes].map((n) => t('size.bytes', { size: n })) : [fileSize(file.size), fileSize(limits.maxBytes)];
    return t('attachment.tooLarge', { name: file.name, size, max });
  }
  const type = (file.type || 'application/octet-stream').toLowerCase();
  if (!limits.allowedTypes.includes(type) && !limits.allowedTypes.includes(`${type.split('/')[0]}/*`)) return t('attachment.refusedType', { type });
  return null;
}

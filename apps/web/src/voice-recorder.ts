import type { MediaAttachmentRef } from '@chat/contracts';
import { durationClock } from '@chat/domain';
import { byId } from './dom';
import type { Notifier } from './notifier';
import type { SessionApi } from './session-api';
import { autoStopAfterMs, pickRecordingType, recordingName, uploadType } from './voice-recording-policy';
import { t } from './i18n/active-locale';

/** The longest voice message when the server's limits cannot be read (its own default, MEDIA_VOICE_MAX_SECONDS). */
const DEFAULT_VOICE_MAX_SECONDS = 300;
const TICK_MS = 250;

interface Recording {
  conversationId: string;
  recorder: MediaRecorder;
  stream: MediaStream;
  chunks: Blob[];
  startedAt: number;
  timers: number[];
}

/**
 * The composer's microphone button: records a voice message with MediaRecorder (in a type the
 * server reads the length of, where the browser has one: voice-recording-policy.ts), shows that it
 * records and for how long, and can be cancelled. Stopping (or reaching the server's
 * MEDIA_VOICE_MAX_SECONDS, where it stops by itself) uploads the recording through the same
 * `POST /v1/media` as any file and hands `{id, kind: 'voice'}` to `deliver`, which sends it through
 * the outbox like any message (its retries and clientMessageId included). A refused microphone or
 * none at all is a toast and nothing is sent. A recording belongs to the conversation it began in:
 * switching away discards it.
 */
export class VoiceRecorder {
  private readonly button = byId<HTMLButtonElement>('record-button');
  private readonly panel = byId('voice-recording');
  private readonly elapsed = byId('voice-elapsed');
  private readonly sendButton = byId<HTMLButtonElement>('voice-send');
  private conversationId: string | null = null;
  private recording: Recording | null = null;
  /** Asking for the microphone: a second click meanwhile must not ask twice. */
  private starting = false;
  private refusal: string | null = null;
  private maxSeconds: Promise<number> | null = null;
  private deliver: (conversationId: string, voice: MediaAttachmentRef) => void = () => undefined;

  constructor(
    private readonly api: SessionApi,
    private readonly notifier: Notifier,
  ) {
    this.button.addEventListener('click', () => {
      if (this.refusal) this.notifier.info(this.refusal);
      else void this.start();
    });
    byId('voice-cancel').addEventListener('click', () => this.cancel());
    this.sendButton.addEventListener('click', () => this.finish());
  }

  /** Where a finished recording goes (the composer sends it). */
  deliverTo(deliver: (conversationId: string, voice: MediaAttachmentRef) => void): void {
    this.deliver = deliver;
  }

  /** Another conversation (or none) is open: a recording in progress is discarded. */
  open(conversationId: string | null): void {
    if (this.recording && this.recording.conversationId !== conversationId) this.cancel();
    this.conversationId = conversationId;
  }

  /** E2EE conversations take no attachments (the server refuses them): the button says why instead of recording. */
  refuse(reason: string | null): void {
    this.refusal = reason;
    const label = reason ?? t('markup.recordVoice');
    this.button.setAttribute('aria-label', label);
    this.button.title = label;
    if (reason) this.button.setAttribute('aria-disabled', 'true');
    else this.button.removeAttribute('aria-disabled');
  }

  private async start(): Promise<void> {
    const conversationId = this.conversationId;
    if (!conversationId || this.recording || this.starting) return;
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') return this.notifier.error(t('voice.unsupported'));
    this.starting = true;
    let stream: MediaStream;
    let maxSeconds: number;
    try {
      [stream, maxSeconds] = await Promise.all([navigator.mediaDevices.getUserMedia({ audio: true }), this.loadMaxSeconds()]);
    } catch (err) {
      // NotAllowedError: the user or the browser's settings refused; anything else: no usable microphone.
      return this.notifier.error(err instanceof DOMException && err.name === 'NotAllowedError' ? t('voice.denied') : t('voice.noMicrophone'));
    } finally {
      this.starting = false;
    }
    if (this.conversationId !== conversationId) return stream.getTracks().forEach((track) => track.stop());
    const mimeType = pickRecordingType((type) => MediaRecorder.isTypeSupported(type));
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const recording: Recording = { conversationId, recorder, stream, chunks: [], startedAt: performance.now(), timers: [] };
    recorder.addEventListener('dataavailable', (e) => e.data.size && recording.chunks.push(e.data));
    // The microphone went away or the encoder failed: nothing usable was recorded.
    recorder.addEventListener('error', () => {
      if (this.recording !== recording) return;
      this.end();
      this.notifier.error(t('voice.noMicrophone'));
    });
    recorder.start();
    recording.timers.push(
      window.setInterval(() => this.tick(recording), TICK_MS),
      // Cleared when the recording ends otherwise (end()), so it only ever stops this one.
      window.setTimeout(() => this.finish(t('voice.stoppedAtLimit', { max: durationClock(maxSeconds * 1000) })), autoStopAfterMs(maxSeconds)),
    );
    this.recording = recording;
    this.show(true);
    this.tick(recording);
    this.sendButton.focus();
    this.notifier.announce(t('voice.recording'));
  }

  /** Stops and sends; `why` tells the user when it was not their click (the length limit). */
  private finish(why?: string): void {
    const recording = this.end();
    if (!recording) return;
    const durationMs = Math.round(performance.now() - recording.startedAt);
    recording.recorder.addEventListener('stop', () => void this.upload(recording, durationMs), { once: true });
    recording.recorder.stop();
    if (why) this.notifier.info(why);
  }

  private cancel(): void {
    const recording = this.end();
    if (!recording) return;
    recording.recorder.stop();
    this.notifier.announce(t('voice.discarded'));
  }

  /** Leaves the recording state (timers, microphone, panel); the recording, if there was one. */
  private end(): Recording | null {
    const recording = this.recording;
    if (!recording) return null;
    this.recording = null;
    // One clear for both kinds: intervals and timeouts share their ids (HTML timers).
    recording.timers.forEach((timer) => window.clearTimeout(timer));
    // The microphone is released at once (the browser's recording indicator goes out).
    recording.stream.getTracks().forEach((track) => track.stop());
    this.show(false);
    this.button.focus();
    return recording;
  }

  private async upload({ conversationId, recorder, chunks }: Recording, durationMs: number): Promise<void> {
    const contentType = uploadType(recorder.mimeType);
    const file = new Blob(chunks, { type: contentType });
    try {
      const maxMs = (await this.loadMaxSeconds()) * 1000;
      // Declared for the types the server cannot read the length of (Safari's MP4); it reads WebM and Ogg itself.
      const { media } = await this.api.uploadMedia(file, { name: recordingName(contentType, new Date()), contentType, durationMs: Math.min(Math.max(durationMs, 1), maxMs) });
      this.deliver(conversationId, { id: media.id, kind: 'voice' });
    } catch (err) {
      this.notifier.error(err, t('voice.uploadFailed'));
    }
  }

  private tick(recording: Recording): void {
    this.elapsed.textContent = durationClock(performance.now() - recording.startedAt);
  }

  private show(recording: boolean): void {
    this.panel.hidden = !recording;
    this.button.hidden = recording;
  }

  private loadMaxSeconds(): Promise<number> {
    // Without the limits the server's own default applies; a longer recording would be refused (413) with its words.
    this.maxSeconds ??= this.api.mediaLimits().then(
      (limits) => limits.voiceMaxSeconds ?? DEFAULT_VOICE_MAX_SECONDS,
      () => ((this.maxSeconds = null), DEFAULT_VOICE_MAX_SECONDS),
    );
    return this.maxSeconds;
  }
}

/**
 * Recording types in order of preference: Opus in WebM (Chromium, Firefox) or Ogg (Firefox), whose
 * length the server reads from the file; MP4 (Safari) last, which the server takes with the length
 * this client measured (`durationMs` on the upload).
 */
export const RECORDING_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/mp4'] as const;

/** The first type this browser records (`MediaRecorder.isTypeSupported`); null: let the browser choose. */
export function pickRecordingType(isTypeSupported: (type: string) => boolean): string | null {
  return RECORDING_TYPES.find((type) => isTypeSupported(type)) ?? null;
}

/** The file's type for the upload: the recorder's, without parameters (`audio/webm;codecs=opus` → `audio/webm`). */
export function uploadType(recorderType: string): string {
  return recorderType.split(';')[0].trim().toLowerCase() || 'audio/webm';
}

/** A name for the upload, with the extension its type has. */
export function recordingName(type: string, now: Date): string {
  const extension = { 'audio/ogg': 'ogg', 'audio/mp4': 'm4a' }[type] ?? 'webm';
  return `voice-${now.toISOString().slice(0, 19).replace(/[T:]/g, '-')}.${extension}`;
}

/**
 * Stopping takes the recorder a moment and the last frame rounds up, so the automatic stop comes
 * this much before the server's cap: the file it reads stays within MEDIA_VOICE_MAX_SECONDS.
 */
const STOP_MARGIN_MS = 300;

/** When to stop a recording by itself, given the longest voice message the server takes. */
export function autoStopAfterMs(voiceMaxSeconds: number): number {
  return Math.max(voiceMaxSeconds * 500, voiceMaxSeconds * 1000 - STOP_MARGIN_MS);
}

import { oggOpusDurationMs } from './ogg-opus-duration';
import { webmDurationMs } from './webm-duration';

/**
 * How the server reads an audio upload's length from the file itself, by type: the containers
 * browsers' MediaRecorder writes (Chromium and Firefox: WebM; Firefox also Ogg) and Ogg Opus
 * files. Others (Safari records MP4; MP3, WAV…) have no reader here: for them the uploader's
 * declared duration stands (see UploadMediaHandler.durationOf).
 */
const READERS: Readonly<Record<string, (source: AsyncIterable<Uint8Array>) => Promise<number | null>>> = {
  'audio/webm': webmDurationMs,
  'audio/ogg': oggOpusDurationMs,
  'audio/opus': oggOpusDurationMs,
};

export function measuresDuration(contentType: string): boolean {
  return Object.hasOwn(READERS, contentType);
}

/** The file's length in milliseconds, or null when its type has no reader or the file is not what the reader expects. */
export function audioDurationMs(contentType: string, source: AsyncIterable<Uint8Array>): Promise<number | null> {
  const read = measuresDuration(contentType) ? READERS[contentType] : undefined;
  return read ? read(source) : Promise.resolve(null);
}

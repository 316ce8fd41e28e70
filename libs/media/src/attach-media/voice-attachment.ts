import type { Attachment } from '@chat/contracts';
import { isAudio } from '../upload-media/upload-policy';

/** What an upload gives a message's attachment: its own description, never the client's. */
export type UploadFacts = Pick<Attachment, 'name' | 'contentType' | 'size'> & { durationMs: number | null };

/** Why a `kind: 'voice'` attachment cannot be (null: it can): `too_long` beyond MEDIA_VOICE_MAX_SECONDS (413), any other reason is a bad request (400). */
export type VoiceRefusal = { problem: string } | 'too_long' | null;

/**
 * A voice message is an upload of audio whose length the server knows (read from the file, or
 * declared where it has no reader for the type) and at most MEDIA_VOICE_MAX_SECONDS long. An
 * external reference cannot be one: nothing vouches for what is behind its URL.
 */
export function voiceRefusal(upload: UploadFacts | 'external', maxSeconds: number): VoiceRefusal {
  if (upload === 'external') return { problem: 'only an upload (POST /v1/media) can be a voice message' };
  if (!isAudio(upload.contentType)) return { problem: 'a voice message must be audio' };
  if (upload.durationMs === null) return { problem: 'a voice message must be audio whose length is known: WebM or Ogg Opus, or another type uploaded with ?durationMs=' };
  return upload.durationMs > maxSeconds * 1000 ? 'too_long' : null;
}

/** The stored attachment for an upload: its facts, its duration when it has one, `kind` as asked. */
export function uploadAttachment(id: string, upload: UploadFacts, kind: Attachment['kind']): Attachment {
  const { name, contentType, size, durationMs } = upload;
  return { id, name, contentType, size, ...(durationMs !== null ? { durationMs } : {}), ...(kind ? { kind } : {}) };
}

import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';

const MIB = 1024 * 1024;

/** "25 MB", "512 KB", "900 bytes": limits in words people read. */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${Number((bytes / MIB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

export const fileTooLarge = (maxBytes: number) =>
  new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The file is larger than the ${formatBytes(maxBytes)} upload limit`, `Send a file of at most ${formatBytes(maxBytes)} (${maxBytes} bytes)`);

export const typeNotAllowed = (contentType: string, allowed: string[]) =>
  new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `Files of type ${contentType || '(none)'} cannot be uploaded`, `Allowed types: ${allowed.join(', ')}`);

export const notAValidFile = (contentType: string, cause: unknown) => {
  const kind = contentType.startsWith('image/') ? 'image' : 'file';
  return new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `The file is not a valid ${contentType} ${kind}`, `Upload the ${kind} again, or send it with its real type`, { cause });
};

/** The disk's reserve (MEDIA_MIN_FREE_BYTES) is reached; a tenant's own quota answers as every tenant quota does (TenantQuotas.refused). */
export const storageFull = () =>
  new DomainError(ErrorCode.INSUFFICIENT_STORAGE, 'File storage is full', 'Messages without files still work; an administrator has been told. Try again later or send a smaller file');

export const infected = (signature: string) =>
  new DomainError(ErrorCode.MEDIA_INFECTED, `The file was refused by the malware scan (${signature})`, 'Do not send this file; if you trust it, ask an administrator');

export const tooLargeToScan = (cause: unknown) =>
  new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, 'The file is larger than the malware scan accepts', 'Send a smaller file', { cause });

export const scannerUnavailable = (cause: unknown) =>
  new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Files cannot be checked for malware right now, so uploads are paused', 'Retry shortly; messages without files still work', { cause });

export const mediaNotFound = () => new DomainError(ErrorCode.MEDIA_NOT_FOUND, 'No such file', 'The file may have been removed');

/** "5:00", "0:07": a length as a player shows it. */
function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Over MEDIA_VOICE_MAX_SECONDS: a declared duration at upload, a voice message at send. */
export const voiceTooLong = (maxSeconds: number) =>
  new DomainError(
    ErrorCode.PAYLOAD_TOO_LARGE,
    `A voice message can be at most ${formatDuration(maxSeconds * 1000)} long`,
    `Record at most ${maxSeconds} seconds, or send the recording as an ordinary file`,
  );

export const uploadInterrupted = (cause: unknown) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, 'The upload was interrupted before the whole file arrived', 'Upload the file again', { cause });

/** 416: the answer must name the file's size (`Content-Range: bytes *\/size`). */
export class RangeNotSatisfiableError extends DomainError {
  constructor(readonly size: number) {
    super(ErrorCode.RANGE_NOT_SATISFIABLE, `The file has ${size} bytes`, 'Ask for a range inside the file');
  }
}

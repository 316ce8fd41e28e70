/**
 * When an upload may still be attached to a message, as SQL over the `media` row `md` and
 * MEDIA_UNATTACHED_TTL_HOURS (`ttlHours`, an int parameter; 0 = never expires): a message already
 * carries it (a re-send of the same file), or it is younger than the TTL by the database's clock.
 * An upload no message carries expires at its TTL, and MediaPurge marks it only a grace period
 * later (MediaRepository.markUnattachedForPurge says why that is safe without a lock). The send's
 * check (MessageAttachments.resolve, via MediaRepository.findOwned) and the statement that stores
 * the message (MessagesRepository.append) both read this one rule, so what the first accepts the
 * second does too, unless the TTL passed in between.
 */
export function attachableSql(ttlHours: string, md = 'md'): string {
  return `(${ttlHours} = 0 OR ${md}.created_at > now() - make_interval(hours => ${ttlHours})
           OR EXISTS (SELECT 1 FROM message_media mm WHERE mm.media_id = ${md}.id))`;
}

/** The problem a send naming an expired upload gets (400 VALIDATION_FAILED, with UPLOAD_AGAIN as the hint). */
export const expiredUpload = (field: string, ttlHours: number) => ({ field, problem: `has expired: a file no message carries is kept ${ttlHours} hours after its upload` });

/** The hint of a send naming an upload that is unknown or expired: a draft kept too long, a file purged meanwhile. */
export const UPLOAD_AGAIN = 'Upload the file again, then send the message with the new upload';

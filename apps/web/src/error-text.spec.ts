import type { ErrorCode } from '@chat/contracts';
import type { ChatApiError as ChatApiErrorClass } from '@chat/sdk';

type Refusal = { hint?: string; retryAfterSeconds?: number; details?: { field: string; problem: string }[] };

/**
 * errorText as a page in `languages` would load it (the page's locale is fixed when first used),
 * and a refusal from the API of that same module load (errorText tells them apart by class).
 */
async function pageIn(languages: string[]): Promise<{ errorText: (err: unknown) => string; refused: (code: ErrorCode, message: string, extra?: Refusal) => ChatApiErrorClass }> {
  Object.defineProperty(globalThis, 'navigator', { value: { languages }, configurable: true });
  let loaded: Awaited<ReturnType<typeof pageIn>> | undefined;
  await jest.isolateModulesAsync(async () => {
    const [{ errorText }, { ChatApiError }] = await Promise.all([import('./error-text'), import('@chat/sdk')]);
    loaded = { errorText, refused: (code, message, extra = {}) => new ChatApiError(401, { code, message, hint: '', requestId: 'r1', ...extra }) };
  });
  return loaded!;
}

describe('errorText', () => {
  afterEach(() => Reflect.deleteProperty(globalThis, 'navigator'));

  it('in English keeps the server’s own message and hint, which are more precise', async () => {
    const { errorText, refused } = await pageIn(['en-US']);
    expect(errorText(refused('INVALID_CREDENTIALS', 'Wrong username or password', { hint: 'Check caps lock' }))).toBe('Wrong username or password. Check caps lock.');
  });

  it('in German says a known code in German, with the wait in German too', async () => {
    const { errorText, refused } = await pageIn(['de-DE']);
    expect(errorText(refused('INVALID_CREDENTIALS', 'Wrong username or password', { hint: 'Check caps lock' }))).toBe('Falscher Benutzername oder falsches Passwort.');
    expect(errorText(refused('RATE_LIMITED', 'Slow down', { retryAfterSeconds: 30 }))).toBe('Zu viele Anfragen. Versuche es in 30 s noch einmal.');
    // With what to do, as the server's hint says it in English (seed 002: a taken name suggests joining).
    expect(errorText(refused('CHANNEL_NAME_TAKEN', 'A channel with this name exists', { hint: 'Join the existing channel or pick another name' }))).toBe('Einen Kanal mit diesem Namen gibt es schon. Tritt ihm bei oder wähle einen anderen Namen.');
  });

  it('in German falls back to the server’s message for a code without a translation (one a newer server added)', async () => {
    const { errorText, refused } = await pageIn(['de-DE']);
    expect(errorText(refused('A_NEWER_CODE' as ErrorCode, 'Something only a newer server refuses'))).toBe('Something only a newer server refuses.');
  });

  it('says in plain words, in every language, that an attached upload expired and must be attached again (not the field path)', async () => {
    const expired = { details: [{ field: 'attachments.0.id', problem: 'has expired: a file no message carries is kept 24 hours after its upload' }], hint: 'Upload the file again' };
    const english = await pageIn(['en-US']);
    expect(english.errorText(english.refused('VALIDATION_FAILED', 'Invalid input: attachments.0.id has expired', expired))).toBe(
      'The attached file is no longer on the server: a file not sent soon after its upload expires. Attach it again and send the message.',
    );
    const german = await pageIn(['de-DE']);
    expect(german.errorText(german.refused('VALIDATION_FAILED', 'Invalid input: attachments.0.id has expired', expired))).toMatch(/^Die angehängte Datei ist nicht mehr auf dem Server/);
    // Other field problems keep the server's words.
    expect(english.errorText(english.refused('VALIDATION_FAILED', 'Invalid input: body must not be empty', { details: [{ field: 'body', problem: 'must not be empty' }] }))).toBe('Invalid input: body must not be empty.');
  });

  it('in German explains failures that never reached the server', async () => {
    const { errorText } = await pageIn(['de-DE']);
    expect(errorText(new TypeError('Failed to fetch'))).toBe('Der Server ist nicht erreichbar. Prüfe deine Verbindung und versuche es noch einmal.');
  });
});

describe('isTransient', () => {
  it('takes a socket ack refused because the database is unavailable as worth retrying, like its REST 503', async () => {
    let loaded: { isTransient: (err: unknown) => boolean; ChatApiError: typeof ChatApiErrorClass } | undefined;
    await jest.isolateModulesAsync(async () => {
      const [{ isTransient }, { ChatApiError }] = await Promise.all([import('./error-text'), import('@chat/sdk')]);
      loaded = { isTransient, ChatApiError };
    });
    const { isTransient, ChatApiError } = loaded!;
    const body = { code: 'STORAGE_UNAVAILABLE' as ErrorCode, message: 'not saved', hint: '', requestId: 'r', retryAfterSeconds: 5 };
    expect(isTransient(new ChatApiError(0, body))).toBe(true);
    expect(isTransient(new ChatApiError(503, body))).toBe(true);
    expect(isTransient(new ChatApiError(0, { ...body, code: 'NOT_A_MEMBER' }))).toBe(false);
  });
});

describe('isNotMine', () => {
  it('takes NOT_A_MEMBER and CONVERSATION_NOT_FOUND, over REST or in a socket ack, as the conversation not being mine; no other refusal or failure', async () => {
    let loaded: { isNotMine: (err: unknown) => boolean; ChatApiError: typeof ChatApiErrorClass } | undefined;
    await jest.isolateModulesAsync(async () => {
      const [{ isNotMine }, { ChatApiError }] = await Promise.all([import('./error-text'), import('@chat/sdk')]);
      loaded = { isNotMine, ChatApiError };
    });
    const { isNotMine, ChatApiError } = loaded!;
    const refusal = (status: number, code: ErrorCode) => new ChatApiError(status, { code, message: code, hint: '', requestId: 'r' });
    expect(isNotMine(refusal(403, 'NOT_A_MEMBER'))).toBe(true);
    expect(isNotMine(refusal(404, 'CONVERSATION_NOT_FOUND'))).toBe(true);
    expect(isNotMine(refusal(0, 'CONVERSATION_NOT_FOUND'))).toBe(true);
    expect(isNotMine(refusal(403, 'FORBIDDEN'))).toBe(false);
    expect(isNotMine(refusal(404, 'MESSAGE_NOT_FOUND'))).toBe(false);
    expect(isNotMine(new TypeError('Failed to fetch'))).toBe(false);
  });
});

import { autoStopAfterMs, pickRecordingType, recordingName, uploadType } from './voice-recording-policy';

describe('voice recording policy', () => {
  it('prefers Opus in WebM, then Ogg, then what Safari records; null when the browser knows none of them', () => {
    expect(pickRecordingType(() => true)).toBe('audio/webm;codecs=opus');
    expect(pickRecordingType((t) => t.startsWith('audio/ogg'))).toBe('audio/ogg;codecs=opus');
    expect(pickRecordingType((t) => t === 'audio/mp4')).toBe('audio/mp4');
    expect(pickRecordingType(() => false)).toBeNull();
  });

  it('uploads under the type without its parameters, named with a matching extension', () => {
    expect(uploadType('audio/webm;codecs=opus')).toBe('audio/webm');
    expect(uploadType('Audio/MP4')).toBe('audio/mp4');
    expect(uploadType('')).toBe('audio/webm');
    const now = new Date('2026-12-05T08:01:02.345Z');
    expect(recordingName('audio/webm', now)).toBe('voice-2026-12-05-08-01-02.webm');
    expect(recordingName('audio/ogg', now)).toBe('voice-2026-12-05-08-01-02.ogg');
    expect(recordingName('audio/mp4', now)).toBe('voice-2026-12-05-08-01-02.m4a');
  });

  it('stops a little before the server’s cap', () => {
    expect(autoStopAfterMs(300)).toBe(299_700);
    expect(autoStopAfterMs(3)).toBe(2_700);
    expect(autoStopAfterMs(1)).toBe(700);
  });
});

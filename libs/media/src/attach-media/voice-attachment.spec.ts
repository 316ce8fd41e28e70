import { uploadAttachment, voiceRefusal, type UploadFacts } from './voice-attachment';

const recording: UploadFacts = { name: 'voice.webm', contentType: 'audio/webm', size: 1234, durationMs: 7_040 };

describe('voice messages', () => {
  it('are uploads of audio whose length is known, at most MEDIA_VOICE_MAX_SECONDS long', () => {
    expect(voiceRefusal(recording, 300)).toBeNull();
    expect(voiceRefusal({ ...recording, durationMs: 300_000 }, 300)).toBeNull();
    expect(voiceRefusal({ ...recording, durationMs: 300_001 }, 300)).toBe('too_long');
    expect(voiceRefusal({ ...recording, durationMs: 7_040 }, 7)).toBe('too_long');
  });

  it('refuses pictures, audio of unknown length and external references (a bad request, not a size)', () => {
    expect(voiceRefusal({ ...recording, contentType: 'image/png', durationMs: null }, 300)).toEqual({ problem: 'a voice message must be audio' });
    expect(voiceRefusal({ ...recording, contentType: 'video/webm' }, 300)).toEqual({ problem: 'a voice message must be audio' });
    expect(voiceRefusal({ ...recording, durationMs: null }, 300)).toEqual({ problem: expect.stringContaining('whose length is known') });
    expect(voiceRefusal('external', 300)).toEqual({ problem: expect.stringContaining('only an upload') });
  });

  it('store the upload’s facts, its length when it has one, and the kind only when asked', () => {
    expect(uploadAttachment('m1', recording, 'voice')).toEqual({ id: 'm1', name: 'voice.webm', contentType: 'audio/webm', size: 1234, durationMs: 7_040, kind: 'voice' });
    expect(uploadAttachment('m1', recording, undefined)).toEqual({ id: 'm1', name: 'voice.webm', contentType: 'audio/webm', size: 1234, durationMs: 7_040 });
    expect(uploadAttachment('m2', { name: 'a.png', contentType: 'image/png', size: 9, durationMs: null }, undefined)).toEqual({ id: 'm2', name: 'a.png', contentType: 'image/png', size: 9 });
  });
});

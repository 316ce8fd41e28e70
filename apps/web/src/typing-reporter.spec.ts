import type { FeatureKey } from '@chat/contracts';
import type { RealtimeClient } from '@chat/sdk';
import { MyFeatures } from './feature-gates';
import { TypingReporter } from './typing-reporter';

/** A client that records the `typing` events it is asked to send. */
function recordingClient(): { client: Pick<RealtimeClient, 'request'>; sent: unknown[] } {
  const sent: unknown[] = [];
  const request = (event: string, payload: unknown) => {
    sent.push({ event, payload });
    return Promise.resolve({});
  };
  return { client: { request } as unknown as Pick<RealtimeClient, 'request'>, sent };
}

function featuresWithOff(...off: FeatureKey[]): MyFeatures {
  const features = new MyFeatures();
  features.set(Object.fromEntries(off.map((key) => [key, false])));
  return features;
}

describe('TypingReporter', () => {
  it('tells the server while I type and when I stop', () => {
    const { client, sent } = recordingClient();
    const reporter = new TypingReporter(client, new MyFeatures());
    reporter.changed('c1', true);
    reporter.changed('c1', true);
    reporter.stop();
    expect(sent).toEqual([
      { event: 'typing', payload: { conversationId: 'c1', isTyping: true } },
      { event: 'typing', payload: { conversationId: 'c1', isTyping: false } },
    ]);
  });

  it('says nothing at all while typing indicators are off for me', () => {
    const { client, sent } = recordingClient();
    const reporter = new TypingReporter(client, featuresWithOff('typing-indicators'));
    reporter.changed('c1', true);
    reporter.changed('c2', true);
    reporter.changed('c2', false);
    reporter.stop();
    expect(sent).toEqual([]);
  });
});

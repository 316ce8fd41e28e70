import type { MyFeaturesResponse } from '@chat/contracts';
import { FeatureRefresh, MyFeatures } from './feature-gates';

describe('MyFeatures', () => {
  it('counts every feature as on until the server has answered', () => {
    const features = new MyFeatures();
    expect(['businesses', 'message-reactions', 'message-pins', 'typing-indicators'].every((key) => features.isOn(key as never))).toBe(true);
    expect(features.offKeys()).toEqual([]);
  });

  it('takes the off ones from the answer, and keeps a key the answer does not list on', () => {
    const features = new MyFeatures();
    features.set({ businesses: true, 'message-reactions': false, 'message-pins': false });
    expect(features.isOn('businesses')).toBe(true);
    expect(features.isOn('message-reactions')).toBe(false);
    expect(features.isOn('message-pins')).toBe(false);
    expect(features.isOn('typing-indicators')).toBe(true);
    expect(features.offKeys()).toEqual(['message-reactions', 'message-pins']);
  });

  it('tells its listeners when an answer changes what is on, and only then', () => {
    const features = new MyFeatures();
    const heard = jest.fn();
    features.onChange(heard);
    features.set({ businesses: true, 'typing-indicators': true });
    expect(heard).not.toHaveBeenCalled();
    features.set({ businesses: true, 'typing-indicators': false });
    expect(heard).toHaveBeenCalledTimes(1);
    features.set({ businesses: true, 'typing-indicators': false });
    expect(heard).toHaveBeenCalledTimes(1);
    features.set({ businesses: false, 'typing-indicators': true });
    expect(heard).toHaveBeenCalledTimes(2);
    expect(features.isOn('typing-indicators')).toBe(true);
  });
});

describe('MyFeatures.read', () => {
  it('keeps the answer to the latest question when an earlier one comes back after it', async () => {
    const features = new MyFeatures();
    const answers: ((pinsOn: boolean) => void)[] = [];
    const api = {
      myFeatures: () =>
        new Promise<MyFeaturesResponse>((resolve) => answers.push((pinsOn) => resolve({ features: { businesses: true, 'message-reactions': true, 'message-pins': pinsOn, 'typing-indicators': true } }))),
    };
    const first = features.read(api);
    const second = features.read(api);
    answers[1]!(false); // the later question: pins off now
    await second;
    answers[0]!(true); // the earlier one, from before the change, comes back last
    await first;
    expect(features.isOn('message-pins')).toBe(false);
  });
});

describe('FeatureRefresh', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('asks again at the random moment of the window the frame gives, not before', () => {
    const refresh = jest.fn();
    new FeatureRefresh(refresh, () => 0.5).flagChanged({ refreshAfterMs: 5_000, refreshSpreadMs: 10_000 });
    jest.advanceTimersByTime(9_999);
    expect(refresh).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(60_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('moves a pending ask into the window of a later change, asking once', () => {
    const refresh = jest.fn();
    const random = jest.fn().mockReturnValueOnce(0).mockReturnValueOnce(0.9);
    const features = new FeatureRefresh(refresh, random);
    features.flagChanged({ refreshAfterMs: 1_000, refreshSpreadMs: 1_000 });
    jest.advanceTimersByTime(900);
    features.flagChanged({ refreshAfterMs: 1_000, refreshSpreadMs: 1_000 });
    jest.advanceTimersByTime(1_000 + 899);
    expect(refresh).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(60_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('asks nothing once stopped (logged out)', () => {
    const refresh = jest.fn();
    const features = new FeatureRefresh(refresh, () => 0);
    features.flagChanged({ refreshAfterMs: 0, refreshSpreadMs: 0 });
    features.stop();
    jest.advanceTimersByTime(60_000);
    expect(refresh).not.toHaveBeenCalled();
  });
});

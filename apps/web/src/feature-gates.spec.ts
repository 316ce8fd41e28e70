import { MyFeatures } from './feature-gates';

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

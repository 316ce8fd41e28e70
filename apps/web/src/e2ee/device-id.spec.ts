import { adoptDeviceId, deviceIdFor, isDeviceId } from './device-id';
import { memoryStorage } from '../testing/fake-storage';

describe('deviceIdFor', () => {
  it('gives one browser the same id for an account every time, and each account its own', () => {
    const storage = memoryStorage();
    const first = deviceIdFor('user-1', storage);
    expect(isDeviceId(first)).toBe(true);
    expect(deviceIdFor('user-1', storage)).toBe(first);
    expect(deviceIdFor('user-2', storage)).not.toBe(first);
  });

  it('replaces a stored id the handshake would refuse', () => {
    const storage = memoryStorage();
    storage.setItem('chat.deviceId.v1.user-1', 'not a valid id!');
    expect(isDeviceId(deviceIdFor('user-1', storage))).toBe(true);
  });

  it('takes over the id of a device restored from a backup', () => {
    const storage = memoryStorage();
    deviceIdFor('user-1', storage);
    adoptDeviceId('user-1', 'restored-device', storage);
    expect(deviceIdFor('user-1', storage)).toBe('restored-device');
  });
});

describe('isDeviceId', () => {
  it.each(['', 'a'.repeat(65), 'with space', 'slash/ed'])('refuses %j', (id) => expect(isDeviceId(id)).toBe(false));
  it.each(['a', 'A-b_9', 'a'.repeat(64)])('accepts %j', (id) => expect(isDeviceId(id)).toBe(true));
});

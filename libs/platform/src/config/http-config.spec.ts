import { loadConfig } from './app-config';

describe('TRUST_PROXY', () => {
  it('is unset by default, leaving the app its own default', () => {
    expect(loadConfig({}).http.trustProxy).toBeNull();
  });

  it('reads true/false, a hop count, and lists of addresses, CIDR ranges and named ranges', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'TRUE' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'Loopback, 10.0.0.0/8, 192.168.1.7, fd00::/8, 172.16.0.0/255.240.0.0' }).http.trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      '172.16.0.0/255.240.0.0',
    ]);
  });

  it('refuses anything Express could not compile, naming the variable', () => {
    for (const bad of ['yes please', '11', '10.0.0.0/33', 'fd00::/129', '300.1.1.1', 'proxy.example.org', '10.0.0.0/8/1', ',', '-1']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY must be true, false, a hop count/);
    }
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

describe('TLS_CERT_FILE / TLS_KEY_FILE', () => {
  let dir: string;
  /** A self-signed certificate and its key, made by openssl for this spec. */
  const selfSigned = (name: string) => {
    const cert = path.join(dir, `${name}.crt`);
    const key = path.join(dir, `${name}.key`);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-keyout', key, '-out', cert], { stdio: 'ignore' });
    return { cert, key };
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tls-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is plain HTTP without them, and reads the pair and its subject with them', () => {
    expect(loadConfig({}).http.tls).toBeNull();
    const { cert, key } = selfSigned('chat.example.org');
    const tls = loadConfig({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key }).http.tls;
    expect(tls).toMatchObject({ subject: 'CN=chat.example.org', validTo: expect.any(String) });
    expect(tls!.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(tls!.key.toString()).toContain('PRIVATE KEY');
  });

  it('refuses one without the other, an unreadable file, a file that is no certificate, and a key of another certificate, never showing the key', () => {
    const one = selfSigned('one');
    const other = selfSigned('other');
    expect(() => loadConfig({ TLS_CERT_FILE: one.cert })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE must be set together/);
    expect(() => loadConfig({ TLS_KEY_FILE: one.key })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE must be set together/);
    expect(() => loadConfig({ TLS_CERT_FILE: path.join(dir, 'missing.crt'), TLS_KEY_FILE: one.key })).toThrow(/TLS_CERT_FILE must name a readable file \(.*missing\.crt: ENOENT\)/);
    expect(() => loadConfig({ TLS_CERT_FILE: one.key, TLS_KEY_FILE: one.key })).toThrow(/TLS_CERT_FILE must hold a PEM certificate/);
    expect(() => loadConfig({ TLS_CERT_FILE: one.cert, TLS_KEY_FILE: one.cert })).toThrow(/TLS_KEY_FILE must hold an unencrypted PEM private key/);
    let message = '';
    try {
      loadConfig({ TLS_CERT_FILE: one.cert, TLS_KEY_FILE: other.key });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/TLS_KEY_FILE is not the private key of the certificate in TLS_CERT_FILE/);
    expect(message).not.toContain(readFileSync(other.key, 'utf8').split('\n')[1]);
  });
});

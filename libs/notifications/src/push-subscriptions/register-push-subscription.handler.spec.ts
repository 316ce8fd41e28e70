import { createECDH, randomBytes } from 'node:crypto';
import { subscriptionProblems } from './register-push-subscription.handler';

describe('subscriptionProblems', () => {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const keys = { p256dh: ecdh.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url') };

  it('takes an https endpoint with a P-256 key and a 16-byte secret', () => {
    expect(subscriptionProblems({ endpoint: 'https://fcm.googleapis.com/fcm/send/abc', keys }, false)).toEqual([]);
  });

  it('takes plain http only where PUSH_ALLOW_HTTP_ENDPOINTS allows it', () => {
    const request = { endpoint: 'http://127.0.0.1:9000/push/1', keys };
    expect(subscriptionProblems(request, false)).toEqual([{ field: 'endpoint', problem: 'must be an https: URL' }]);
    expect(subscriptionProblems(request, true)).toEqual([]);
  });

  it('names each key that has the wrong size or form', () => {
    const compressed = ecdh.getPublicKey('base64url', 'compressed');
    const problems = subscriptionProblems({ endpoint: 'https://push.example.com/1', keys: { p256dh: compressed, auth: 'a+b/' } }, false);
    expect(problems.map((p) => p.field)).toEqual(['keys.p256dh', 'keys.auth']);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('content policy configuration', () => {
  it('is off by default', () => {
    expect(loadConfig({}).contentPolicy).toEqual({ blockedTerms: [], moderationUrl: null, moderationTimeoutMs: 2000, moderationFailOpen: true });
  });

  it('takes terms from CONTENT_BLOCKED_TERMS and the lines of CONTENT_BLOCKED_TERMS_FILE, without comments or blank lines', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'terms-')), 'terms.txt');
    writeFileSync(file, '# spam\nbuy followers\n\n  free crypto  # the usual\n');
    expect(loadConfig({ CONTENT_BLOCKED_TERMS: 'darn, scam*', CONTENT_BLOCKED_TERMS_FILE: file }).contentPolicy.blockedTerms).toEqual(['darn', 'scam*', 'buy followers', 'free crypto']);
  });

  it('refuses to start on an unreadable terms file, a bad service URL or timeout', () => {
    expect(() => loadConfig({ CONTENT_BLOCKED_TERMS_FILE: '/nonexistent/terms.txt' })).toThrow(ConfigError);
    expect(() => loadConfig({ CONTENT_BLOCKED_TERMS_FILE: '/nonexistent/terms.txt' })).toThrow(/CONTENT_BLOCKED_TERMS_FILE must name a readable file \(\/nonexistent\/terms.txt: ENOENT\)/);
    expect(() => loadConfig({ CONTENT_MODERATION_URL: 'ftp://moderation' })).toThrow(/CONTENT_MODERATION_URL must be a http: or https: URL/);
    expect(() => loadConfig({ CONTENT_MODERATION_TIMEOUT_MS: '10' })).toThrow(/CONTENT_MODERATION_TIMEOUT_MS must be an integer in 50..60000/);
  });
});

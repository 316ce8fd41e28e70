import { essenceOf, isAllowedType, maxUploadBytes, roomFor, safeFileName } from './upload-policy';

describe('upload policy', () => {
  it('takes the media type of a Content-Type header, lower-cased and without parameters', () => {
    expect(essenceOf('Image/PNG; charset=binary')).toBe('image/png');
    expect(essenceOf(undefined)).toBe('');
  });

  it('takes no upload larger than clamd scans when scanning is on', () => {
    expect(maxUploadBytes({ maxBytes: 1000, scanClamd: null, scanMaxBytes: 500 })).toBe(1000);
    expect(maxUploadBytes({ maxBytes: 1000, scanClamd: { host: 'clamd', port: 3310 }, scanMaxBytes: 500 })).toBe(500);
    expect(maxUploadBytes({ maxBytes: 1000, scanClamd: { path: '/run/clamd.ctl' }, scanMaxBytes: 5000 })).toBe(1000);
  });

  it('allows listed types and types under a listed type/*, nothing else', () => {
    const allowed = ['image/png', 'audio/*'];
    expect(isAllowedType('image/png', allowed)).toBe(true);
    expect(isAllowedType('audio/ogg', allowed)).toBe(true);
    expect(isAllowedType('image/jpeg', allowed)).toBe(false);
    expect(isAllowedType('text/html', allowed)).toBe(false);
    expect(isAllowedType('audio/*', allowed)).toBe(false); // a wildcard is no type of its own
    expect(isAllowedType('', allowed)).toBe(false);
  });

  it('keeps a file name without its path, control characters or excess length', () => {
    expect(safeFileName('C:\\fakepath\\report.pdf')).toBe('report.pdf');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('a\u0000b\nc.txt')).toBe('abc.txt');
    // Bidi marks, embeddings, overrides and isolates: `invoice\u202Efdp.exe` would display as `invoiceexe.pdf`.
    expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(safeFileName('\u061Ca\u200Eb\u200Fc\u202Ad\u202Be\u202Cf\u202Dg\u2066h\u2067i\u2068j\u2069.txt')).toBe('abcdefghij.txt');
    expect(safeFileName('e\u0301té.png')).toBe('été.png');
    expect(Array.from(safeFileName('😀'.repeat(300))!)).toHaveLength(255);
    for (const bad of ['', '  ', '..', 'dir/', 42, undefined, '\ud800x']) expect(safeFileName(bad)).toBeNull();
  });

  it('leaves room up to the tighter of the quota and the disk reserve', () => {
    expect(roomFor({ quotaBytes: 0, usedBytes: 10, freeBytes: 1000, minFreeBytes: 100 })).toEqual({ bytes: 900, by: 'disk' });
    expect(roomFor({ quotaBytes: 500, usedBytes: 200, freeBytes: 1000, minFreeBytes: 100 })).toEqual({ bytes: 300, by: 'quota' });
    expect(roomFor({ quotaBytes: 500, usedBytes: 600, freeBytes: 1000, minFreeBytes: 100 })).toEqual({ bytes: 0, by: 'quota' });
    expect(roomFor({ quotaBytes: 0, usedBytes: 0, freeBytes: 50, minFreeBytes: 100 })).toEqual({ bytes: 0, by: 'disk' });
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';

/** WCAG relative luminance of an sRGB colour with channels in 0..1. */
function luminance([r, g, b]: number[]): number {
  const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** CSS hsl() with saturation and lightness in 0..1, as sRGB channels in 0..1. */
function hslToRgb(h: number, s: number, l: number): number[] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  return [0, 8, 4].map((n) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1)));
}

describe('avatar colours', () => {
  // The avatar's background is hsl(<hue of the user id> S L) under white initials (styles.css).
  const css = readFileSync(path.join(__dirname, '../public/styles.css'), 'utf8');
  const rule = /\.avatar \{[^}]*background: hsl\(var\(--hue, \d+\) (\d+)% (\d+)%\)/.exec(css);

  it('give the white initials 4.5:1 contrast at every hue a user id can get', () => {
    expect(rule).not.toBeNull();
    const [s, l] = [Number(rule![1]) / 100, Number(rule![2]) / 100];
    const worst = Math.min(...Array.from({ length: 360 }, (_, hue) => 1.05 / (luminance(hslToRgb(hue, s, l)) + 0.05)));
    expect(worst).toBeGreaterThanOrEqual(4.5);
  });
});

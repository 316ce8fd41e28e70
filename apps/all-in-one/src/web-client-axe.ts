import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/*
 * axe-core in the web client's browser specs: web-client-accessibility checks every view, and a
 * spec of a feature checks the part it adds.
 */

/** axe-core's browser build, injected into the page as it is (no network, no bundler). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/**
 * WCAG 2.0/2.1 level A and AA rules, and axe's best practices (a level-one heading, content inside
 * landmarks, roles an element may take, heading order): every violation fails the spec, whatever its
 * impact, minor ones included.
 */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe on the page as it is now; returns its violations, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Not page.addScriptTag: the client's Content-Security-Policy (script-src 'self') rightly blocks an
  // inline <script>, and the spec must not weaken it. Evaluating the source through the DevTools
  // protocol is not subject to the page's CSP and defines window.axe all the same.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // Buttons fade their background over 0.12 s while their text colour changes at once: measured
  // mid-fade (after a colour-scheme switch, a hover), light text sits on a still-light background.
  // Contrast is judged once transitions settle.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations;
  }, TAGS);
  return (violations as Violation[]).map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

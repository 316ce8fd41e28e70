import { CompiledMessage } from './message-format';

/**
 * What keeps `translation` from standing in for `reference` (English, which defines the keys): a
 * key missing or extra, a text that does not parse, or one that uses other parameters, so a
 * translated text never shows a `{name}` it was not given or drops one it was.
 */
export function catalogProblems(reference: Readonly<Record<string, string>>, translation: Readonly<Record<string, string>>): string[] {
  const problems = [
    ...Object.keys(reference).filter((key) => !Object.hasOwn(translation, key)).map((key) => `${key}: missing`),
    ...Object.keys(translation).filter((key) => !Object.hasOwn(reference, key)).map((key) => `${key}: not in the reference`),
  ];
  for (const key of Object.keys(reference).filter((k) => Object.hasOwn(translation, k))) {
    try {
      if (parameters(reference[key]) !== parameters(translation[key])) problems.push(`${key}: uses {${parameters(translation[key])}}, the reference {${parameters(reference[key])}}`);
    } catch (err) {
      problems.push(`${key}: ${(err as Error).message}`);
    }
  }
  return problems;
}

function parameters(text: string): string {
  return [...CompiledMessage.compile(text).argumentNames].sort().join();
}

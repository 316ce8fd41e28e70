import { BlockedTerms } from './blocked-terms';

describe('BlockedTerms', () => {
  const terms = new BlockedTerms(['darn', 'buy followers', 'scam*', 'Crème Brûlée', '  ', '*']);

  it('finds whole words and phrases, answering the term as written', () => {
    expect(terms.find('well, darn it')).toBe('darn');
    expect(terms.find('Cheap! Buy   followers today')).toBe('buy followers');
    expect(terms.find('I love crème brûlée')).toBe('Crème Brûlée');
  });

  it('compares case-, accent- and width-blind, with anything but letters and digits a word break', () => {
    expect(terms.find('DARN')).toBe('darn');
    expect(terms.find('dárn')).toBe('darn');
    expect(terms.find('ｄａｒｎ')).toBe('darn');
    expect(terms.find('oh...darn!')).toBe('darn');
    expect(terms.find('creme brulee')).toBe('Crème Brûlée');
    expect(terms.find('buy-followers')).toBe('buy followers');
  });

  it('matches a word ending in * as a prefix, and nothing inside longer words otherwise', () => {
    expect(terms.find('total scammers')).toBe('scam*');
    expect(terms.find('darning socks')).toBeNull();
    expect(terms.find('followers to buy')).toBeNull();
    expect(terms.find('a phrase with buy then followers later')).toBeNull();
    expect(terms.find('')).toBeNull();
  });

  it('ignores terms with no letters or digits; with none it is empty and finds nothing', () => {
    expect(new BlockedTerms(['  ', '*', '...']).isEmpty).toBe(true);
    expect(new BlockedTerms([]).find('anything at all')).toBeNull();
    expect(terms.isEmpty).toBe(false);
  });
});

import { isSealedBody } from './sealed-body';

describe('isSealedBody', () => {
  it('recognises a ciphertext envelope', () => {
    expect(isSealedBody(JSON.stringify({ v: 1, keyVersion: 3, iv: 'aXY', ct: 'Y3Q' }))).toBe(true);
  });

  it.each([
    ['plain text', 'Hello there'],
    ['text that only starts like JSON', '{ not json'],
    ['JSON of another shape', JSON.stringify({ v: 1, text: 'hi' })],
    ['another envelope version', JSON.stringify({ v: 2, keyVersion: 1, iv: 'a', ct: 'b' })],
    ['a key version that is no integer', JSON.stringify({ v: 1, keyVersion: '1', iv: 'a', ct: 'b' })],
  ])('does not take %s for ciphertext', (_, body) => {
    expect(isSealedBody(body)).toBe(false);
  });
});

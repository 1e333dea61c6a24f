import { describe, expect, it } from 'vitest';
import { parseHash, toHash } from './router';

describe('hash routes', () => {
  it('reads the path and the query of the hash', () => {
    const route = parseHash('#/boms?item=FG-TV180&tab=where-used');
    expect(route.path).toBe('/boms');
    expect(route.params.get('item')).toBe('FG-TV180');
    expect(route.params.get('tab')).toBe('where-used');
  });

  it('treats an empty hash as the root and ignores stray slashes', () => {
    expect(parseHash('').path).toBe('/');
    expect(parseHash('#').path).toBe('/');
    expect(parseHash('#//items/').path).toBe('/items');
  });

  it('writes a hash back, leaving out empty parameters and encoding codes', () => {
    expect(toHash('/boms', { item: 'A/B 1', tab: undefined, qty: '' })).toBe('#/boms?item=A%2FB+1');
    expect(parseHash(toHash('/boms', { item: 'A/B 1' })).params.get('item')).toBe('A/B 1');
    expect(toHash('/users')).toBe('#/users');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from './i18n';
import { uomLabel } from './uom';

describe('unit labels', () => {
  afterEach(() => setLocale('zh-CN'));

  it('says units in Chinese first, and keeps codes it does not know', () => {
    setLocale('zh-CN');
    expect(uomLabel('pcs')).toBe('件');
    expect(uomLabel('m2')).toBe('平方米');
    expect(uomLabel('drum')).toBe('drum');
    expect(uomLabel(undefined)).toBe('');
  });

  it('keeps codes in English, with proper superscripts', () => {
    setLocale('en');
    expect(uomLabel('pcs')).toBe('pcs');
    expect(uomLabel('m2')).toBe('m²');
  });
});

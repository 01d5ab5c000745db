import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { displaySetCookie, displayStylesheet, displayVariantCss, readDisplay, safeBack } from '../../../shared/http/display.ts';

const siteCss = readFileSync(new URL('../../../portal/public/site.css', import.meta.url), 'utf8');

describe('长辈版 without JavaScript (shared/http/display.ts)', () => {
  it('reads the cookie as API Gateway hands it over, standard when absent or odd', () => {
    expect(readDisplay(['a=1', 'bozhou-display=xlarge.high'])).toEqual({ size: 'xlarge', contrast: 'high' });
    expect(readDisplay(['bozhou-display=huge.high; other=1'])).toEqual({ size: 'standard', contrast: 'high' });
    expect(readDisplay(undefined)).toEqual({ size: 'standard', contrast: 'normal' });
    expect(displaySetCookie({ size: 'large', contrast: 'normal' })).toMatch(/^bozhou-display=large\.normal; Path=\/; Max-Age=\d+; SameSite=Lax$/u);
    expect(displayStylesheet({ size: 'large', contrast: 'high' })).toBe('/display/large-high.css');
  });

  it('goes back only to a path on this site', () => {
    expect(safeBack('/apply/form/')).toBe('/apply/form/');
    for (const bad of ['//evil.example/', 'https://evil.example/', '/\\evil', '/a\r\nSet-Cookie: x', undefined]) expect(safeBack(bad)).toBe('/');
  });

  it('makes each variant from the site stylesheet’s own rules, as :root rules', () => {
    const large = displayVariantCss(siteCss, { size: 'large', contrast: 'normal' });
    expect(large).toMatch(/:root \{ font-size: 125%; --tap: 60px; \}/u);
    expect(large).not.toContain('data-font-size');
    expect(large).not.toContain('#000000');
    const high = displayVariantCss(siteCss, { size: 'xlarge', contrast: 'high' });
    expect(high).toMatch(/:root \{ font-size: 150%/u);
    expect(high).toMatch(/:root \{[^}]*--bg: #000000/u);
    // Every high-contrast rule of the site stylesheet is there.
    const hooks = siteCss.match(/html\[data-contrast='high'\][^{,]*/gu)!.length;
    expect((high.match(/:root/gu) ?? []).length).toBeGreaterThanOrEqual(hooks);
    expect(displayVariantCss(siteCss, { size: 'standard', contrast: 'normal' }).split('\n').length).toBeLessThan(5);
  });
});

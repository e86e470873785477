// For tests of the theme's colours: app.css's custom properties in each theme, and the contrast
// of two colours.
import { expect } from 'vitest';
import type { Rgb } from './sign';

/** The custom properties of app.css in each theme: the page's (light), and the dark block's. */
export function palettes(): { theme: string; get: (name: string) => string }[] {
  const page = getComputedStyle(document.documentElement);
  const dark = [...document.styleSheets]
    .flatMap((sheet) => [...sheet.cssRules])
    .filter((rule): rule is CSSMediaRule => rule instanceof CSSMediaRule)
    .filter((rule) => rule.conditionText.includes('prefers-color-scheme: dark'))
    .flatMap((rule) => [...rule.cssRules])
    .find(
      (rule): rule is CSSStyleRule => rule instanceof CSSStyleRule && rule.selectorText === ':root',
    );
  expect(dark, 'app.css has a dark :root block').toBeDefined();
  return [
    { theme: 'light', get: (name) => page.getPropertyValue(name).trim() },
    { theme: 'dark', get: (name) => dark!.style.getPropertyValue(name).trim() },
  ];
}

/** WCAG 2's contrast ratio of two colours (4.5 is the least for small text). */
export function contrast(a: Rgb, b: Rgb): number {
  const luminance = (c: Rgb) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// The names beside the input and output neurons: written whole or cut short, and left out where
// they would overprint one another.
import { describe, expect, it } from 'vitest';
import {
  LABEL_FONT_SIZE,
  LABEL_GAP,
  MAX_LABEL_CHARS,
  shorten,
  sideLabels,
  textMeasure,
} from './unit-labels';

/** Every character 6 units wide. */
const geometry = {
  height: 300,
  padding: 24,
  maxUnits: 12,
  radius: 7,
  measure: (text: string) => 6 * [...text].length,
};

describe('shorten', () => {
  it('keeps a name of up to MAX_LABEL_CHARS characters whole', () => {
    const name = 'x'.repeat(MAX_LABEL_CHARS);
    expect(shorten(name)).toBe(name);
    expect(shorten('petal_length')).toBe('petal_length');
  });

  it('cuts a longer one to MAX_LABEL_CHARS characters, the last an ellipsis', () => {
    const cut = shorten('worst fractal dimension');
    expect(cut).toBe('worst fractal dim…');
    expect([...cut]).toHaveLength(MAX_LABEL_CHARS);
    expect(shorten('abc def', 5)).toBe('abc…'); // no space before the ellipsis
  });

  it('counts characters, not UTF-16 units (no half of an emoji)', () => {
    expect(shorten('🌸🌸🌸🌸', 3)).toBe('🌸🌸…');
  });
});

describe('sideLabels', () => {
  it('labels every unit and keeps room for the longest label', () => {
    const side = sideLabels(['age', 'worst fractal dimension'], 2, geometry)!;
    expect(side.labels).toEqual([
      { name: 'age', text: 'age' },
      { name: 'worst fractal dimension', text: 'worst fractal dim…' },
    ]);
    expect(side.margin).toBe(7 + LABEL_GAP + 6 * MAX_LABEL_CHARS);
  });

  it('keeps the labels of a layer apart when their beginnings are alike: cut in the middle', () => {
    // Ten classes "class label that is really rather long indeed #0" … "#9" were all written
    // "class label that…", the same ten times
    const names = Array.from(
      { length: 10 },
      (_, k) => `class label that is really rather long #${k}`,
    );
    const side = sideLabels(names, 10, geometry)!;
    const texts = side.labels.map((l) => l.text);
    expect(new Set(texts).size).toBe(10);
    expect(texts[3]).toBe('class label…ong #3');
    for (const [k, text] of texts.entries()) {
      expect([...text].length).toBeLessThanOrEqual(MAX_LABEL_CHARS);
      expect(text.endsWith(`#${k}`)).toBe(true);
    }
    expect(side.labels.map((l) => l.name)).toEqual(names);
    // labels that differ in their first characters keep them, as before
    expect(
      sideLabels(['worst fractal dimension', 'mean fractal dimension'], 2, geometry)!.labels.map(
        (l) => l.text,
      ),
    ).toEqual(['worst fractal dim…', 'mean fractal dime…']);
  });

  it('labels nothing without names, or with a list that is not one name a unit', () => {
    expect(sideLabels(null, 3, geometry)).toBeNull();
    expect(sideLabels(['a', 'b'], 3, geometry)).toBeNull();
  });

  it('labels nothing in a layer drawn as a sample of its units (digits: 64 inputs)', () => {
    const pixels = Array.from({ length: 64 }, (_, i) => `px${i}`);
    expect(sideLabels(pixels, 64, geometry)).toBeNull();
    expect(sideLabels(pixels.slice(0, 12), 12, geometry)).not.toBeNull();
  });

  it('labels nothing where units are closer than a line of text', () => {
    const names = Array.from({ length: 12 }, (_, i) => `f${i}`);
    // (300 − 48) / 12 = 21 units apart: room; (150 − 48) / 12 = 8.5: none
    expect(sideLabels(names, 12, geometry)).not.toBeNull();
    expect(sideLabels(names, 12, { ...geometry, height: 150 })).toBeNull();
  });
});

describe('textMeasure', () => {
  it('measures with the page font: longer text is wider, about half the font size a letter', () => {
    const measure = textMeasure();
    const one = measure('petal_length');
    expect(measure('petal_length_cm')).toBeGreaterThan(one);
    expect(one / 'petal_length'.length).toBeGreaterThan(0.3 * LABEL_FONT_SIZE);
    expect(one / 'petal_length'.length).toBeLessThan(0.8 * LABEL_FONT_SIZE);
  });
});

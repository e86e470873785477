// Every class has a colour of its own: Tableau 10 as before, ten more of Tableau 20, then
// generated hues.
import { expect, it } from 'vitest';
import { classColour, CLASS_COLOURS, css, hsl, type Rgb } from './palette';

const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

it('keeps the first ten colours, orange and blue first', () => {
  expect(classColour(0)).toEqual([242, 142, 43]);
  expect(classColour(1)).toEqual([78, 121, 167]);
  expect(classColour(9)).toEqual([186, 176, 172]);
});

it('gives 20 classes 20 colours that no two look alike', () => {
  expect(CLASS_COLOURS).toHaveLength(20);
  for (let j = 0; j < 20; j++) {
    for (let k = 0; k < j; k++) {
      expect(distance(classColour(j), classColour(k)), `classes ${k} and ${j}`).toBeGreaterThan(30);
    }
  }
});

it('gives every class of many its own colour', () => {
  const colours = Array.from({ length: 200 }, (_, k) => css(classColour(k)));
  expect(new Set(colours).size).toBe(200);
  expect(classColour(10)).not.toEqual(classColour(0));
  expect(classColour(20)).not.toEqual(classColour(0));
});

it('converts HSL to RGB', () => {
  expect(hsl(0, 1, 0.5)).toEqual([255, 0, 0]);
  expect(hsl(120, 1, 0.5)).toEqual([0, 255, 0]);
  expect(hsl(240, 1, 0.25)).toEqual([0, 0, 128]);
  expect(hsl(0, 0, 1)).toEqual([255, 255, 255]);
});

// Arrow keys for a whole-number text field with role="spinbutton" (a hidden layer's units, the
// inspector's row): ArrowUp and ArrowDown step the number read by parseDecimal within [min, max],
// and the field hears it as typing and a change, as a native number field would.
import type { Attachment } from 'svelte/attachments';
import { parseDecimal } from './decimal';

export interface SpinRange {
  min: number;
  /** No upper limit when absent. */
  max?: number;
  /** @default 1 */
  step?: number;
}

export function spin(range: SpinRange): Attachment<HTMLInputElement> {
  return (input) => {
    const onkeydown = (e: KeyboardEvent) => {
      if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
      e.preventDefault();
      const read = parseDecimal(input.value);
      const now = read.ok && read.value !== null ? read.value : range.min;
      const step = (e.key === 'ArrowUp' ? 1 : -1) * (range.step ?? 1);
      const next = Math.min(Math.max(now + step, range.min), range.max ?? Infinity);
      if (String(next) === input.value.trim()) return;
      input.value = String(next);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    input.addEventListener('keydown', onkeydown);
    return () => input.removeEventListener('keydown', onkeydown);
  };
}

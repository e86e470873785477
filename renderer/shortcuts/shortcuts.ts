// Keyboard shortcuts of the workspace, the same in the desktop app and in a browser. The desktop
// menu shows them too (File ▸ Open Dataset… Ctrl/⌘+O, Training ▸ Start Training Ctrl/⌘+Enter …),
// but a key reaches the page first: Electron hands a key to the menu only if the page left it
// unhandled, and the handler below calls preventDefault on every key it runs, so no key runs
// twice. The Training items do not even register their keys on Windows and Linux
// (app/main/menu.ts); while a dialog is open the page runs no shortcut and the menu offers no
// Training item. Escape stops what is under way: a gradient check first (the Cancel beside its
// progress), else the run; but in a text field Escape is the field's (a hidden layer's Units puts
// back its number), so that a key pressed to abandon an edit never ends a run (nor, handled, the
// macOS menu's Stop Training, which shows Escape).
import { backpropFor } from '../inspector/backprop.svelte';
import type { Workspace } from '../state/workspace.svelte';

export interface Shortcut {
  /** As aria-keyshortcuts writes it, e.g. "Control+O". */
  keys: string;
  /** What it does, as the help lists it. */
  does: string;
  matches(e: KeyboardEvent): boolean;
  run(workspace: Workspace): void;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
const key = (e: KeyboardEvent, k: string) => e.key.toLowerCase() === k;

export const SHORTCUTS: Shortcut[] = [
  {
    keys: 'Control+O',
    does: 'Open dataset…',
    matches: (e) => mod(e) && !e.shiftKey && key(e, 'o'),
    run: (w) => void w.openDataset(),
  },
  {
    keys: 'Control+Shift+O',
    does: 'Open project…',
    matches: (e) => mod(e) && e.shiftKey && key(e, 'o'),
    run: (w) => void w.openProject(),
  },
  {
    keys: 'Control+S',
    does: 'Save project…',
    matches: (e) => mod(e) && !e.shiftKey && key(e, 's'),
    run: (w) => void w.saveProject(),
  },
  {
    keys: 'Control+E',
    does: 'Export weights…',
    matches: (e) => mod(e) && !e.shiftKey && key(e, 'e'),
    run: (w) => void w.exportWeights(),
  },
  {
    keys: 'Control+Enter',
    does: 'Start training, Pause or Resume',
    matches: (e) => mod(e) && !e.shiftKey && e.key === 'Enter',
    run: (w) => {
      const state = w.training.state;
      if (state === 'running') void w.pause();
      else if (state === 'paused') void w.resume();
      else void w.start();
    },
  },
  {
    keys: 'Control+Shift+Enter',
    does: 'Step one epoch',
    matches: (e) => mod(e) && e.shiftKey && e.key === 'Enter',
    run: (w) => void w.step(),
  },
  {
    keys: 'Escape',
    does: 'Cancel the gradient check, else Stop training',
    matches: (e) => e.key === 'Escape' && !mod(e) && !e.shiftKey,
    run: (w) => {
      const check = backpropFor(w.api).check;
      if (check.running) void check.cancel();
      else void w.stop();
    },
  },
];

export function shortcutOf(does: string): string | undefined {
  return SHORTCUTS.find((s) => s.does === does)?.keys;
}

/** A field one types text in, where Escape abandons the edit. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  const typed = ['text', 'search', 'number', 'email', 'url', 'tel', 'password'];
  return target instanceof HTMLInputElement && typed.includes(target.type);
}

/** The window's keydown handler. A modal dialog keeps its own keys. */
export function shortcutHandler(workspace: Workspace): (e: KeyboardEvent) => void {
  return (e) => {
    if (workspace.confirmation.question) return;
    const shortcut = SHORTCUTS.find((s) => s.matches(e));
    if (!shortcut) return;
    const underway =
      workspace.training.state === 'running' || workspace.training.state === 'paused';
    if (shortcut.keys === 'Escape' && isTextEntry(e.target)) {
      // The field's alone: macOS hands the desktop menu a key the page leaves unhandled, and its
      // Stop Training, which shows Escape, is enabled while a run is under way.
      if (underway && !e.isComposing) e.preventDefault();
      return;
    }
    if (shortcut.keys === 'Escape' && !underway && !backpropFor(workspace.api).check.running)
      return;
    e.preventDefault();
    shortcut.run(workspace);
  };
}

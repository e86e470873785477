// What each command of the desktop app's menu runs: the workspace action its button runs (one
// implementation), and what must be possible for it (Workspace.possible; none: always).
import type { MenuCommand, OpenRecentCommand } from '../../app/shared/api';
import type { Possible, Workspace } from './workspace.svelte';

export interface MenuAction {
  needs: keyof Possible | null;
  run(workspace: Workspace): Promise<unknown> | void;
}

export const MENU_COMMANDS: Record<Exclude<MenuCommand, OpenRecentCommand>, MenuAction> = {
  'open-dataset': { needs: null, run: (w) => w.openDataset() },
  'open-project': { needs: null, run: (w) => w.openProject() },
  'save-project': { needs: 'saveProject', run: (w) => w.saveProject() },
  'export-weights': { needs: 'exportWeights', run: (w) => w.exportWeights() },
  'export-losses': { needs: 'exportLosses', run: (w) => w.exportLosses() },
  'training-start': { needs: 'start', run: (w) => w.start() },
  'training-pause': { needs: 'pause', run: (w) => w.pause() },
  'training-resume': { needs: 'resume', run: (w) => w.resume() },
  'training-step': { needs: 'step', run: (w) => w.step() },
  'training-stop': { needs: 'stop', run: (w) => w.stop() },
  'training-reset': { needs: 'reset', run: (w) => w.reset() },
  'show-shortcuts': { needs: null, run: (w) => w.showShortcuts() },
};

// Closing the window (or quitting) while a run trains, or with a trained network not saved since,
// asks first: the page holds the run's loss curve and results, and the training process stops
// with the app. Save Project… saves and then closes; Don't Save closes; Cancel keeps the window.
// What is at risk is app/shared/work-at-risk.ts's rule, the web build's too.
import type { App, BrowserWindow } from 'electron';
import type { Risk, WorkAtRisk } from '../shared/work-at-risk';
import { messageBox } from './dialogs';
import type { Handlers } from './ipc';

export type CloseChoice = 'save' | 'discard' | 'cancel';

/**
 * `handlers` with the ones that save or open the weights (a project from its dialog or dropped)
 * telling `work` when they succeed, and a Step telling it that it trained them.
 */
export function noteWork<
  H extends Pick<
    Handlers,
    | 'project:save'
    | 'weights:export'
    | 'project:open'
    | 'project:open-path'
    | 'project:open-recent'
    | 'training:step'
  >,
>(handlers: H, work: WorkAtRisk): H {
  const saving =
    <A extends unknown[], R>(handler: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      const result = await handler(...args);
      if (result !== null) work.saved();
      return result;
    };
  return {
    ...handlers,
    'project:save': saving(async () => handlers['project:save']()),
    'weights:export': saving(async () => handlers['weights:export']()),
    'project:open': saving(async () => handlers['project:open']()),
    'project:open-path': saving(async (path: string) => handlers['project:open-path'](path)),
    'project:open-recent': saving(async (path: string) => handlers['project:open-recent'](path)),
    'training:step': async (unit) => {
      const result = await handlers['training:step'](unit);
      work.stepped();
      return result;
    },
  };
}

export interface CloseGuardOptions {
  risk: () => Risk | null;
  ask: (risk: Risk) => Promise<CloseChoice>;
  /** Saves the project; true if it was saved (false: cancelled, or failed and said so). */
  save: () => Promise<boolean>;
}

/**
 * Asks before `win` closes with work at risk. A quit (Cmd+Q, File ▸ Quit) closes the windows
 * first, and a prevented close cancels it: once the user has answered, the quit goes on.
 */
export function guardClose(
  win: BrowserWindow,
  app: Pick<App, 'on' | 'off' | 'quit'>,
  options: CloseGuardOptions,
): void {
  let quitting = false;
  let asking = false;
  let allowed = false;
  const onBeforeQuit = () => (quitting = true);
  app.on('before-quit', onBeforeQuit);
  win.once('closed', () => app.off('before-quit', onBeforeQuit));

  const decide = async (risk: Risk) => {
    const choice = await options.ask(risk);
    const go = choice === 'discard' || (choice === 'save' && (await options.save()));
    if (!go) {
      quitting = false;
      return;
    }
    allowed = true;
    if (quitting) app.quit();
    else win.close();
  };

  win.on('close', (event) => {
    if (allowed) return;
    const risk = options.risk();
    if (!risk) return;
    event.preventDefault();
    if (asking) return;
    asking = true;
    decide(risk)
      .catch(() => (quitting = false))
      .finally(() => (asking = false));
  });
}

/** The question, as a native message box on the window. */
export function nativeCloseQuestion(getWindow: () => BrowserWindow | null) {
  return async (risk: Risk): Promise<CloseChoice> => {
    const options: Electron.MessageBoxOptions = {
      type: 'warning',
      message:
        risk === 'training' ? 'Training is still running' : 'The trained network is not saved',
      detail:
        risk === 'training'
          ? 'Closing stops it: the network, its loss curve and results are lost unless you save the project.'
          : 'Save the project to keep the network, its loss curve and results; closing without saving loses them.',
      buttons: ['Save Project…', "Don't Save", 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
    };
    const response = await messageBox(getWindow(), options);
    return response === 0 ? 'save' : response === 1 ? 'discard' : 'cancel';
  };
}

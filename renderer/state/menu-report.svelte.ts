// The page tells its host what the desktop menu may offer (BackpropApi.setMenuState) whenever that
// changes: once as it connects, then at each change, never the same state twice in a row (the
// state is recomputed at every epoch of a run, and a menu installed again closes if open).
import type { BackpropApi, MenuState, Unsubscribe } from '../../app/shared/api';

/** Reports `state()` now and at every change; returns the teardown. */
export function reportMenuState(
  api: Pick<BackpropApi, 'setMenuState'>,
  state: () => MenuState,
): Unsubscribe {
  let last = '';
  return $effect.root(() => {
    $effect(() => {
      const now = state();
      const key = JSON.stringify(now);
      if (key === last) return;
      last = key;
      // Only the menu is out of date if this fails (a bug: the host validates the state).
      api.setMenuState(now).catch((error: unknown) => {
        console.error(`Backprop Studio: the menu state was refused: ${String(error)}`);
      });
    });
  });
}

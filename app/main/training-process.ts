// The training process as Electron starts it: a utility process (a Node child of the app, without
// a window) running out/main/utility.cjs, adapted to what TrainerHost needs.
import { utilityProcess } from 'electron';
import type { TrainingProcess } from './trainer-host';

export function spawnTrainingProcess(entry: string): TrainingProcess {
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'Backprop Studio training',
    stdio: 'inherit',
  });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => {
      child.on('message', listener);
    },
    onExit: (listener) => {
      child.on('exit', listener);
    },
    kill: () => {
      child.kill();
    },
  };
}

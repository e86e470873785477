// The whole workspace: dataset, topology, hyperparameters and training, and the actions the
// user takes on them. It talks to its host only through BackpropApi (the preload in the desktop
// app, the Web Worker adapter in a browser) and never knows which one it has.
import type {
  AppError,
  BackpropApi,
  DatasetProgress,
  ExampleId,
  MenuCommand,
  MenuState,
  OpenedProject,
  OpenRecentCommand,
  SessionConfig,
  SessionState,
  Unsubscribe,
} from '../../app/shared/api';
import { isProjectFile, notADataFile } from '../../app/shared/data-files';
import type { DatasetSummary } from '../../core/types';
import { DatasetState } from '../data/dataset.svelte';
import { HyperparameterState } from '../hyperparameters/hyperparameters.svelte';
import { backpropFor } from '../inspector/backprop.svelte';
import { TopologyState } from '../topology/topology.svelte';
import { unitNamesOf } from '../topology/unit-names';
import { formatCountOf, formatValue } from '../training/format';
import { TrainingState } from '../training/training.svelte';
import { Confirmation } from '../workspace/confirmation.svelte';
import { MENU_COMMANDS } from './menu-commands';
import { reportMenuState } from './menu-report.svelte';

export type ErrorScope = AppError['scope'];

/** What the user can do now, each as the button of the same name is enabled. */
export type Possible = Omit<MenuState, 'training'>;

/** How often the network drawing refreshes its weights while training runs. */
const NETWORK_REFRESH_MS = 750;

export class Workspace {
  readonly dataset = new DatasetState();
  readonly topology = new TopologyState();
  readonly hyperparameters = new HyperparameterState();
  readonly training = new TrainingState();
  readonly confirmation = new Confirmation();
  /** The latest error of each scope, shown next to the part of the UI it concerns. */
  errors = $state<Partial<Record<ErrorScope, string>>>({});
  /**
   * A short confirmation of what just happened ("Weights exported to …"), shown in the toolbar
   * until the next action there replaces it (announce) or an error of the toolbar's takes its place.
   */
  notice = $state<string | null>(null);
  openingDataset = $state(false);
  /** How far the dataset being opened has been read, as the host reports it; null before. */
  datasetProgress = $state<DatasetProgress | null>(null);
  /**
   * The "network changed" signal: counts the times the network the host holds became another one
   * by an event, not by a field edit: a dataset, project or example loaded, or the host set up
   * again by Start or a first Step. Views showing the host's numbers (the backprop inspector)
   * look again when it moves; a settings field typed in does not move it (the host is told of
   * those only when a view asks or training starts).
   */
  networkChanges = $state(0);

  /** What the host must be told before training (null until a dataset is loaded). */
  readonly config = $derived.by((): SessionConfig | null => {
    if (!this.dataset.summary) return null;
    return {
      roles: $state.snapshot(this.dataset.roles),
      targetClasses: this.dataset.numericClasses,
      normalization: this.dataset.normalization,
      validationFraction: this.dataset.validationPercent / 100,
      testFraction: this.dataset.testPercent / 100,
      hiddenLayers: this.topology.layers.map((l) => ({ units: l.units, activation: l.activation })),
      outputActivation: this.topology.outputActivation,
      loss: this.topology.loss,
      hyperparameters: this.hyperparameters.snapshot,
      // Only when not the default, so that a config says what it always said unless asked to.
      ...(this.dataset.badRows === 'leave-out' ? { badRows: 'leave-out' as const } : {}),
    };
  });

  /**
   * Rows of the file left out for an empty or invalid cell, as the data panel and the status line
   * say it: the run's own once it finished, else those the settings leave out (exact); 0: none.
   */
  readonly rowsLeftOut = $derived(
    this.training.finished ? (this.training.finished.leftOut ?? 0) : this.dataset.rowsLeftOut,
  );

  /**
   * Early stopping watches the validation loss: with no validation rows Patience would never
   * fire (the command line refuses it too). Shown under the Patience field.
   */
  readonly patienceProblem = $derived(
    this.hyperparameters.values.patience !== null && this.dataset.validationPercent === 0
      ? 'needs a validation set: set Validation % above 0'
      : null,
  );

  /**
   * Cross-entropy takes a numeric target only from 0 to 1, as probabilities (the training process
   * refuses any other, naming its cell: core/dataset.ts checkCrossEntropyTargets). Said before
   * Start, from the summary's range, under the Loss field.
   */
  readonly lossProblem = $derived.by(() => {
    if (this.topology.loss !== 'cross-entropy' || this.dataset.classification) return null;
    const beyond = this.dataset.targetColumns.find(
      (c) => c.kind === 'numeric' && c.min !== null && c.max !== null && (c.min < 0 || c.max > 1),
    );
    return beyond
      ? `Cross-entropy needs targets from 0 to 1 (probabilities), but ${beyond.name} runs from ${formatValue(beyond.min!)} to ${formatValue(beyond.max!)}: choose Mean squared error for a number.`
      : null;
  });

  /** Everything that stops training from starting, in words. */
  readonly problems = $derived([
    ...(this.dataset.summary
      ? []
      : ['Open a dataset first, or pick one of the Examples (toolbar).']),
    ...this.dataset.problems.map((p) => p.message),
    ...this.topology.problems,
    ...(this.lossProblem ? [this.lossProblem] : []),
    ...this.hyperparameters.problems,
    ...(this.patienceProblem ? [`Patience ${this.patienceProblem}.`] : []),
  ]);
  readonly canStart = $derived(this.problems.length === 0 && !this.training.busy);

  /**
   * What the user can do now: the Training bar's, the toolbar's and the loss curve's buttons are
   * enabled by it, and so are the desktop menu's items (menuState), so that both offer the same.
   */
  readonly possible = $derived.by((): Possible => {
    const state = this.training.state;
    return {
      start: this.canStart && (state === 'idle' || state === 'finished'),
      pause: state === 'running',
      resume: state === 'paused',
      step: state === 'paused' || (state === 'idle' && this.canStart),
      stop: state === 'running' || state === 'paused',
      reset: this.training.hasWeights && state !== 'running',
      saveProject: Boolean(this.dataset.summary),
      exportWeights: this.training.hasWeights && !this.training.busy,
      exportLosses: this.training.view.train.length > 0,
    };
  });

  /**
   * What the desktop menu offers (reported to the host whenever it changes): what is possible,
   * and nothing while the page asks a question (its dialog is modal, as the menu's items then are).
   */
  readonly menuState = $derived.by((): MenuState => {
    const asking = this.confirmation.question !== null;
    const possible = Object.fromEntries(
      Object.entries(this.possible).map(([action, can]) => [action, can && !asking]),
    ) as Possible;
    return { training: this.training.state, ...possible };
  });

  /** Whether the list of keyboard shortcuts is open (the toolbar's, and Help ▸ Keyboard Shortcuts). */
  shortcutsOpen = $state(false);
  /** How often Help ▸ Keyboard Shortcuts asked for the list: each time, its toggle takes the focus. */
  shortcutsAsked = $state(0);

  /** Input units, hidden units, output units: the network the user is building. */
  readonly layerSizes = $derived([
    this.dataset.inputUnits,
    ...this.topology.layers.map((l) => l.units),
    this.dataset.outputUnits,
  ]);
  /**
   * What the input and output neurons stand for, for the drawing and the inspector: those the
   * network on screen was trained with, else what the dataset settings give (see unit-names.ts).
   */
  readonly unitNames = $derived(
    unitNamesOf(this.dataset, this.training.finished, this.training.network),
  );

  #networkFetchedAt = 0;

  constructor(readonly api: BackpropApi) {
    // The inspector, the gradient check and the decision surface read the host's network.
    const backprop = backpropFor(api);
    backprop.sync = () => this.sync();
    // The gradient check says which weights it checked: the run's last epoch (or the restored).
    backprop.check.epochNow = () =>
      this.training.finished?.restoredEpoch ?? this.training.latest?.epoch ?? 0;
  }

  /** Listens to the host; returns the teardown (App.svelte calls this from an $effect). */
  connect(): Unsubscribe {
    const off = [
      this.api.onProgress((batch) => {
        this.training.receive(batch);
        // From inside an epoch: only the status line's. The drawing follows whole epochs.
        if (batch.underway) return;
        // Running: at most every NETWORK_REFRESH_MS. A step or a pause: the weights at once.
        const due = performance.now() - this.#networkFetchedAt > NETWORK_REFRESH_MS;
        if (batch.state === 'paused' || (batch.state === 'running' && due))
          void this.refreshNetwork();
      }),
      this.api.onFinished((result) => {
        this.training.finish(result);
        void this.refreshNetwork();
      }),
      this.api.onError((error) => this.#fail(error.scope, error.message)),
      this.api.onMenu((command) => void this.menu(command)),
      // The web host's questions (which file a project's dataset is) in the page's dialog.
      this.api.onQuestion?.((question) => this.confirmation.ask(question)) ?? (() => {}),
      // A large file takes a while: how far it is, beside "Open dataset…".
      this.api.onDatasetProgress?.((progress) => {
        if (this.openingDataset) this.datasetProgress = progress;
      }) ?? (() => {}),
      reportMenuState(this.api, () => this.menuState),
    ];
    void this.rejoin();
    return () => off.forEach((f) => f());
  }

  /**
   * Shows what the training process holds as the page loads: nothing on a fresh start, but a
   * page reloaded while the process went on (after a crash of the page, or Reload) finds its
   * dataset, settings, loss curve, results and weights again instead of an empty workspace.
   */
  async rejoin(): Promise<void> {
    const state = (await this.#get('process', () => this.api.current()))?.value;
    if (state && !this.dataset.summary) this.#show(state);
  }

  /**
   * A menu command runs what the button of the same name runs, if it is possible now: a click
   * can arrive after the state changed (a run finished while the menu was open), or while the
   * page asks a question.
   */
  async menu(command: MenuCommand): Promise<void> {
    if (typeof command === 'object') return this.openRecent(command);
    const { needs, run } = MENU_COMMANDS[command];
    if (needs && !this.menuState[needs]) return;
    await run(this);
  }

  /** Help ▸ Keyboard Shortcuts: opens the toolbar's list of them. */
  showShortcuts(): void {
    this.shortcutsOpen = true;
    this.shortcutsAsked++;
  }

  // ------------------------------------------------------------------------------------------
  // Data

  openDataset(): Promise<void> {
    return this.#loadDataset(() => this.api.openDatasetDialog());
  }

  /**
   * A file dropped on the page: a project, where the host opens one from a file (the web build),
   * else a dataset. Any other file is refused by its name before anything is asked or discarded.
   */
  openDroppedFile(file: File): Promise<void> {
    const { openProjectFile } = this.api;
    if (openProjectFile && isProjectFile(file.name)) {
      return this.#openProject(() => openProjectFile(file));
    }
    return this.openDatasetFile(file);
  }

  async openDatasetFile(file: File): Promise<void> {
    const refused = notADataFile(file.name);
    if (refused) return this.#fail('dataset', new Error(refused));
    return this.#loadDataset(() => this.api.openDatasetFile(file));
  }

  /**
   * File ▸ Open Recent ▸ a file: asks before discarding trained weights, as Open does, and only
   * then has the host open exactly that file. Declined, the host is asked nothing.
   */
  openRecent({ kind, path }: OpenRecentCommand): Promise<void> {
    return kind === 'project'
      ? this.#openProject(() => this.api.openRecentProject(path))
      : this.#loadDataset(() => this.api.openRecentDataset(path));
  }

  async #loadDataset(load: () => Promise<DatasetSummary | null>): Promise<void> {
    const asked = await this.#askToDiscard('Opening another dataset');
    if (!asked) return;
    const said = this.#saidBefore(asked);
    this.#clearError('dataset');
    this.openingDataset = true;
    try {
      const summary = await load();
      if (!summary) return;
      await this.#discardWeights();
      this.dataset.load(summary);
      this.topology.suggest(this.dataset.classification);
      this.networkChanges++;
      // What the reader had to guess (a file read as Windows-1252), said where notices are; a
      // file read without guessing leaves nothing there (an earlier file's warning is gone).
      const warned = summary.warnings?.length ? [summary.warnings.join(' ')] : [];
      this.announce([...said, ...warned].join('. ') || null);
    } catch (error) {
      // The previous dataset (if any) stays loaded; the error is shown beside "Open dataset…",
      // and the toolbar's line no longer tells of what came before (but where the weights went).
      this.announce(said[0] ?? null);
      this.#fail('dataset', error);
    } finally {
      this.openingDataset = false;
      this.datasetProgress = null;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Changes that invalidate trained weights

  /**
   * Asks before an action that would discard trained weights. Resolves true when there are none,
   * or when the user agrees, or once the weights are exported ("Export weights and discard…", as
   * Start and Reset offer, while no run trains); false when the user keeps them or the export is
   * cancelled or fails. It discards nothing itself: opening a file replaces the weights only once
   * the file is open (a cancelled dialog or a file that fails to open leaves them, and a live run,
   * as they were).
   */
  async guard(what: string): Promise<boolean> {
    return (await this.#askToDiscard(what)) !== null;
  }

  /** guard's question: 'exported' when the weights were exported first, null when kept. */
  async #askToDiscard(what: string): Promise<'go' | 'exported' | null> {
    if (!this.training.hasWeights) return 'go';
    const exportable = this.possible.exportWeights;
    const answer = await this.confirmation.ask({
      title: 'Discard the trained weights?',
      message: `${what} ${this.training.state === 'running' ? 'stops the run under way and ' : ''}discards the weights trained so far and the loss history.${exportable ? ' Export the weights first to keep them.' : ''}`,
      confirm: 'Discard weights',
      cancel: 'Keep weights',
      ...(exportable ? { alternative: 'Export weights and discard…' } : {}),
    });
    if (answer === 'confirm') return 'go';
    return answer === 'alternative' && (await this.exportWeights()) ? 'exported' : null;
  }

  /**
   * What the toolbar's line keeps saying after an action that asked first: "Weights exported to …"
   * when the answer exported them, so that what the file brings does not hide where they went.
   */
  #saidBefore(asked: 'go' | 'exported'): string[] {
    return asked === 'exported' && this.notice ? [this.notice] : [];
  }

  /** Applies a topology or data change, asking first if it would discard trained weights. */
  async change(what: string, apply: () => void): Promise<boolean> {
    if (!(await this.guard(what))) return false;
    await this.#discardWeights();
    apply();
    return true;
  }

  async #discardWeights(): Promise<void> {
    if (!this.training.hasWeights) return;
    await this.#call('training', () => this.api.reset());
    this.training.clear();
  }

  // ------------------------------------------------------------------------------------------
  // Training

  /** Starts a new run; a run with results is replaced only once the user agrees (or exported). */
  /**
   * A start under way (its question, then configure and start): a second one meanwhile, a double
   * click's, does nothing. It found no run yet, so it would configure and start again unasked.
   */
  #starting = false;

  async start(): Promise<void> {
    if (this.#starting || !this.canStart || !this.config) return;
    this.#starting = true;
    try {
      if (!(await this.#replaceRun('start'))) return;
      if (!this.canStart || !this.config) return;
      if (this.training.hasWeights) await this.#discardWeights();
      this.#clearError('training');
      this.#clearError('config');
      const config = this.config;
      if (!(await this.#call('config', () => this.api.configure(config)))) return;
      this.networkChanges++;
      this.training.clear();
      this.training.state = 'running';
      if (!(await this.#call('training', () => this.api.start()))) this.training.state = 'idle';
    } finally {
      this.#starting = false;
    }
  }

  /**
   * A new run, or a reset to fresh weights, replaces the last run's weights, loss curve and
   * results: asks first when there are any. Resolves true to go ahead (nothing to lose, "Start new
   * run" or "Reset", or exported first).
   */
  async #replaceRun(by: 'start' | 'reset'): Promise<boolean> {
    if (!this.training.hasWeights) return true;
    const reset = by === 'reset';
    const answer = await this.confirmation.ask({
      title: reset ? 'Reset to fresh weights?' : 'Start a new run?',
      message: `${reset ? 'Reset discards' : 'A new run replaces'} ${this.#lastRun()}: its trained weights, loss curve and results. Export the weights first to keep them.`,
      confirm: reset ? 'Reset' : 'Start new run',
      cancel: 'Cancel',
      alternative: reset ? 'Export weights and reset…' : 'Export weights and start…',
    });
    if (answer === 'cancel') return false;
    return answer === 'confirm' || (await this.exportWeights());
  }

  /** The run on screen in a few words: "the run of 40 epochs". */
  #lastRun(): string {
    const epochs = this.training.finished?.epochs ?? this.training.latest?.epoch ?? 0;
    return epochs > 0 ? `the run of ${formatCountOf(epochs, 'epoch')}` : 'the last run';
  }

  async pause(): Promise<void> {
    if (this.training.state !== 'running') return;
    if (await this.#call('training', () => this.api.pause())) this.training.state = 'paused';
    void this.refreshNetwork();
  }

  async resume(): Promise<void> {
    if (this.training.state !== 'paused') return;
    if (await this.#call('training', () => this.api.resume())) this.training.state = 'running';
  }

  /**
   * One epoch, from a paused run or (configuring first) from fresh weights; resolves when it is
   * done, or stopped or paused (after the current batch) on the way.
   */
  async step(): Promise<void> {
    const state = this.training.state;
    if (state === 'running' || state === 'finished') return;
    if (state === 'idle') {
      if (!this.canStart || !this.config) return;
      const config = this.config;
      if (!(await this.#call('config', () => this.api.configure(config)))) return;
      this.networkChanges++;
    }
    // The host trains the epoch in slices and reports the run as running until it is done: show
    // it so at once (Step disabled, Pause and Stop enabled), as Start does.
    const before = this.training.state;
    this.training.state = 'running';
    if (await this.#call('training', () => this.api.step('epoch'))) {
      // The host reports the state the step ended in (paused, finished) before it replies.
      if (this.training.state === 'running') this.training.state = 'paused';
      void this.refreshNetwork();
    } else if (this.training.state === 'running') this.training.state = before;
  }

  async stop(): Promise<void> {
    if (this.training.state !== 'running' && this.training.state !== 'paused') return;
    await this.#call('training', () => this.api.stop());
  }

  /** Back to fresh weights; a run with results is discarded only once the user agrees. */
  async reset(): Promise<void> {
    if (!this.training.hasWeights) return;
    if (!(await this.#replaceRun('reset'))) return;
    await this.#discardWeights();
  }

  /**
   * Brings the host to the network on screen before a view reads it. With no run under way the
   * host still holds the settings of the last one (or none): a layer added or a role changed
   * since then is sent now (the host ignores the same configuration again). A run keeps its own
   * settings. Throws the first problem when the settings on screen cannot train.
   */
  async sync(): Promise<void> {
    if (this.training.state !== 'idle' || this.openingDataset || !this.config) return;
    if (this.problems.length > 0) throw new Error(this.problems[0]);
    await this.api.configure(this.config);
  }

  async refreshNetwork(): Promise<void> {
    this.#networkFetchedAt = performance.now();
    try {
      const network = await this.api.network();
      // Only a run's weights are drawn. With none (idle: never trained, reset or discarded),
      // the host may still hold the network of the settings before the change.
      if (this.training.hasWeights) this.training.network = network;
    } catch {
      // A snapshot is only a picture; the next progress batch asks again.
    }
  }

  // ------------------------------------------------------------------------------------------
  // Files

  /** Exports the model file and per-layer CSVs; resolves true once written (false: cancelled or failed). */
  async exportWeights(): Promise<boolean> {
    this.#clearError('export');
    const where = (
      await this.#act('export', () => this.#once('exportWeights', () => this.api.exportWeights()))
    )?.value;
    if (where) this.announce(`Weights exported to ${where.location}`);
    return Boolean(where);
  }

  /** Saves the loss of every epoch as CSV (the columns of `backprop train --log`). */
  async exportLosses(): Promise<void> {
    this.#clearError('export');
    const where = (
      await this.#act('export', () => this.#once('exportLosses', () => this.api.exportLosses()))
    )?.value;
    if (where) this.announce(`Loss history exported to ${where.location}`);
  }

  /** Predicts every row of a file the user picks with the current model, and saves the result. */
  async predictFile(): Promise<void> {
    this.#clearError('export');
    // Its outcome, success or failure, goes where its notice goes, on the toolbar's line (both
    // hosts scope any failure of a Predict as 'export', never as the loaded dataset's).
    const done = (
      await this.#act('export', () => this.#once('predictDialog', () => this.api.predictDialog()))
    )?.value;
    if (!done) return;
    // Rows left out for an empty or invalid cell (SessionConfig.badRows 'leave-out'): the file
    // then numbers each line's row in the source, as `backprop predict` does.
    const left = done.leftOut
      ? ` (${formatCountOf(done.leftOut, 'row')} with an empty or invalid cell left out; the column ${JSON.stringify(done.rowColumn ?? 'row')} gives each row's place in the file)`
      : '';
    this.announce(
      `Predictions for ${formatCountOf(done.rows, 'row')}${left} saved to ${done.location}`,
    );
  }

  async saveProject(): Promise<void> {
    this.#clearError('project');
    const where = (
      await this.#act('project', () => this.#once('saveProject', () => this.api.saveProject()))
    )?.value;
    if (where) this.announce(`Project saved to ${where.location}`);
  }

  openProject(): Promise<void> {
    return this.#openProject(() => this.api.openProject());
  }

  /**
   * Opens one of the app's examples (`title`: its name, for the toolbar's line), asking first if
   * it would discard trained weights: true once it is open, false when the user kept the weights.
   * A failure is thrown; the toolbar's line then says only where exported weights went.
   */
  async openExample(id: ExampleId, title: string): Promise<boolean> {
    const asked = await this.#askToDiscard('Opening an example');
    if (!asked) return false;
    const said = this.#saidBefore(asked);
    try {
      const opened = await this.api.openExample(id);
      this.apply(opened.summary, opened.config);
      this.announce([...said, `Example opened: ${title}`].join('. '));
      return true;
    } catch (error) {
      this.announce(said[0] ?? null);
      throw error;
    }
  }

  async #openProject(open: () => Promise<OpenedProject | null>): Promise<void> {
    const asked = await this.#askToDiscard('Opening a project');
    if (!asked) return;
    const said = this.#saidBefore(asked);
    this.#clearError('project');
    const opened = (await this.#act('project', open))?.value;
    if (!opened) return;
    this.#show(opened);
    // Used as it is, another dataset than the project's: the numbers shown are its weights' on it.
    const other = opened.otherData
      ? [
          `${opened.summary.name} is not the dataset the project was trained on: its results are of the project's weights on this data, its loss curve of the data it was trained on`,
        ]
      : [];
    this.announce(
      [
        ...said,
        `Project opened: ${opened.summary.name}`,
        ...other,
        ...(opened.summary.warnings ?? []),
      ].join('. '),
    );
  }

  /**
   * Shows a session the host holds (a project it opened, or what it kept while the page
   * reloaded): its dataset, settings, loss curve, results and weights.
   */
  #show(session: SessionState): void {
    if (session.config) {
      this.apply(session.summary, session.config);
    } else {
      this.dataset.load(session.summary);
      this.topology.suggest(this.dataset.classification);
      this.networkChanges++;
    }
    // Paused inside an epoch, where and its losses; opened on other data, said so.
    this.training.restore(
      session.history,
      session.stopReason,
      session.inside ?? null,
      session.otherData === true,
    );
    // A finished run's results, as the Results tab showed them when it stopped.
    if (session.result) this.training.finish(session.result);
    // It may carry trained weights: draw them.
    void this.refreshNetwork();
  }

  /** Shows a dataset and configuration the host restored (a project or an example). */
  apply(summary: DatasetSummary, config: SessionConfig): void {
    this.training.clear();
    this.dataset.summary = summary;
    this.dataset.roles = [...config.roles];
    this.dataset.targetClasses = config.targetClasses === true;
    this.dataset.normalization = config.normalization;
    this.dataset.validationPercent = Math.round(config.validationFraction * 1000) / 10;
    this.dataset.testPercent = Math.round(config.testFraction * 1000) / 10;
    this.topology.set(config.hiddenLayers);
    this.topology.outputActivation = config.outputActivation;
    this.topology.loss = config.loss;
    this.hyperparameters.load(config.hyperparameters);
    this.dataset.badRows = config.badRows ?? 'refuse';
    this.networkChanges++;
  }

  // ------------------------------------------------------------------------------------------

  /**
   * What an action of the toolbar's line (a file opened, exported or saved, an example) just did,
   * or null for nothing to say: it replaces the notice before it, and the toolbar's errors (a
   * project or export that failed, a training process that stopped), which describe what came
   * before.
   */
  announce(notice: string | null): void {
    for (const scope of TOOLBAR_SCOPES) this.#clearError(scope);
    this.notice = notice;
  }

  /**
   * Runs a host call of an action of the toolbar's line for its value (null: it failed). Its
   * outcome replaces the last one's: a success announces itself, and a failure empties the line
   * before its error is shown, wherever that is (a dataset or project that fails to open may
   * show it beside its panel, and an older toolbar error would come first on the line).
   */
  /** Writes under way (a save dialog open, a download being made), by the host call making them. */
  readonly #writes: Partial<Record<string, Promise<unknown>>> = {};

  /**
   * A write the user asked for twice before the first was done (a double click on Save project…)
   * joins the one under way: one file, one dialog, and both callers get its outcome.
   */
  #once<T>(write: string, f: () => Promise<T>): Promise<T> {
    const underway = this.#writes[write];
    if (underway) return underway as Promise<T>;
    const done = f().finally(() => delete this.#writes[write]);
    this.#writes[write] = done;
    return done;
  }

  async #act<T>(scope: ErrorScope, f: () => Promise<T>): Promise<{ value: T } | null> {
    try {
      return { value: await f() };
    } catch (error) {
      this.announce(null);
      this.#fail(scope, error);
      return null;
    }
  }

  /** Runs a host call; on failure shows its message under `scope` and resolves to false. */
  async #call(scope: ErrorScope, f: () => Promise<void>): Promise<boolean> {
    return (await this.#get(scope, f)) !== null;
  }

  /** Runs a host call for its value; on failure shows its message and resolves to null. */
  async #get<T>(scope: ErrorScope, f: () => Promise<T>): Promise<{ value: T } | null> {
    try {
      return { value: await f() };
    } catch (error) {
      this.#fail(scope, error);
      return null;
    }
  }

  #fail(fallback: ErrorScope, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // The host may know better where an error belongs (a missing cell found while configuring
    // is the dataset's, not the configuration's).
    const scope = scopeOf(error) ?? fallback;
    this.errors = { ...this.errors, [scope]: message };
    // The toolbar shows one line: its error replaces the notice, which it may contradict.
    if (TOOLBAR_SCOPES.includes(scope)) this.notice = null;
    if (scope === 'training' || scope === 'process') {
      if (this.training.state === 'running') this.training.state = 'paused';
    }
  }

  #clearError(scope: ErrorScope): void {
    if (!(scope in this.errors)) return;
    const { [scope]: _, ...rest } = this.errors;
    this.errors = rest;
  }
}

const SCOPES: readonly ErrorScope[] = [
  'dataset',
  'config',
  'training',
  'export',
  'project',
  'process',
];

/** The errors the toolbar shows, in place of its notice (the others show beside their panels). */
export const TOOLBAR_SCOPES: readonly ErrorScope[] = ['project', 'export', 'process'];

function scopeOf(error: unknown): ErrorScope | null {
  const scope = (error as { error?: { scope?: unknown } } | null)?.error?.scope;
  return SCOPES.includes(scope as ErrorScope) ? (scope as ErrorScope) : null;
}

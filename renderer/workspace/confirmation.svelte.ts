// A question the workspace must ask before it does something it cannot undo (discarding trained
// weights, replacing a run's results). One question at a time; ConfirmDialog.svelte shows it as a
// modal dialog, its buttons in this order: cancel (focused first), the alternative, confirm.

/** The button the user chose; Escape is 'cancel'. */
export type Answer = 'cancel' | 'alternative' | 'confirm';

export interface Question {
  title: string;
  message: string;
  /** The button that goes ahead ("Discard weights", "Start new run"). */
  confirm: string;
  /** The button that leaves everything as it is ("Keep weights", "Cancel"). */
  cancel: string;
  /** A third way, when there is one ("Export weights and start…"). */
  alternative?: string;
}

export class Confirmation {
  question = $state.raw<Question | null>(null);
  #resolve: ((answer: Answer) => void) | null = null;

  ask(question: Question): Promise<Answer> {
    this.#resolve?.('cancel');
    this.question = question;
    return new Promise((resolve) => (this.#resolve = resolve));
  }

  answer(answer: Answer): void {
    const resolve = this.#resolve;
    this.#resolve = null;
    this.question = null;
    resolve?.(answer);
  }
}

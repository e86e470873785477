// A question the workspace must ask before it does something it cannot undo (discarding trained
// weights). One question at a time; ConfirmDialog.svelte shows it as a modal dialog.

export interface Question {
  title: string;
  message: string;
  confirm: string;
}

export class Confirmation {
  question = $state.raw<Question | null>(null);
  #resolve: ((ok: boolean) => void) | null = null;

  ask(question: Question): Promise<boolean> {
    this.#resolve?.(false);
    this.question = question;
    return new Promise((resolve) => (this.#resolve = resolve));
  }

  answer(ok: boolean): void {
    const resolve = this.#resolve;
    this.#resolve = null;
    this.question = null;
    resolve?.(ok);
  }
}

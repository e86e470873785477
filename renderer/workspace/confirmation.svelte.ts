// A question the workspace must ask before it does something it cannot undo (discarding trained
// weights, replacing a run's results). One question at a time; ConfirmDialog.svelte shows it as a
// modal dialog, its buttons in this order: cancel (focused first), the alternative, confirm. The
// web host asks its questions here too (BackpropApi.onQuestion).
import type { HostAnswer, HostQuestion } from '../../app/shared/api';

/** The button the user chose; Escape is 'cancel'. */
export type Answer = HostAnswer;

/** The words of a question (the host's questions in the web build have the same). */
export type Question = HostQuestion;

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

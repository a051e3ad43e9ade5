/** What a page says when a call cannot reach the server. */
export const UNREACHABLE = "We could not reach the server. Check your connection and try again.";

/** Returned by work that ends by leaving the page: its button goes on saying so until the next page shows. */
export const LEAVING_PAGE = Symbol("leaving the page");

/**
 * One submission at a time on a page. While one runs its button is disabled and says what is going on, its
 * form is aria-busy, and `running` turns other submissions away. Work that throws (the server could not be
 * reached) is handed to `failed`, which tells the person.
 */
export class Submissions {
  #running = false;

  get running(): boolean {
    return this.#running;
  }

  async run(
    button: HTMLButtonElement,
    label: string,
    work: () => Promise<unknown>,
    failed: (error: unknown) => void,
  ): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    const idle = button.textContent;
    button.disabled = true;
    button.textContent = label;
    button.form?.setAttribute("aria-busy", "true");
    let outcome: unknown;
    try {
      outcome = await work();
    } catch (error) {
      failed(error);
    }
    if (outcome === LEAVING_PAGE) return;
    this.#running = false;
    button.disabled = false;
    button.textContent = idle;
    button.form?.removeAttribute("aria-busy");
  }
}

import { EMAIL } from "../../lib/domain/input-rules";
import { type Control, firstInPage, isActive, textValue } from "./dom";
import { showFieldError } from "./field-errors";

/** What is wrong with a value, or null when nothing is. */
export type Check<T> = (value: T) => string | null;

/**
 * Checks in the browser, before anything is sent: a control is checked as it
 * is edited, and again when it loses the focus once it has been edited; every
 * active one is checked on submit. The API checks everything again.
 */
export class FieldChecks {
  private readonly checks = new Map<Control, () => string | null>();

  text(control: Control, check: Check<string>): void {
    this.watch(control, () => check(textValue(control)));
  }

  checkbox(control: HTMLInputElement, check: Check<boolean>): void {
    this.watch(control, () => check(control.checked));
  }

  forget(control: Control): void {
    this.checks.delete(control);
  }

  /** Checks the control (an inactive one always passes) and shows or clears its message. */
  validate(control: Control): boolean {
    const check = this.checks.get(control);
    const message = check && isActive(control) ? check() : null;
    showFieldError(control, message);
    return !message;
  }

  /**
   * Checks every control: false when some fail, with the focus on the first of them in the page and, given
   * `say`, a word on how many need attention (a long form, where the failing fields may be out of sight).
   */
  passes(say?: (message: string) => void): boolean {
    const [first, ...others] = [...this.checks.keys()].filter((control) => !this.validate(control));
    if (!first) return true;
    say?.(others.length === 0 ? "One field needs your attention." : `${others.length + 1} fields need your attention.`);
    firstInPage([first, ...others]).focus();
    return false;
  }

  private watch(control: Control, check: () => string | null): void {
    this.checks.set(control, check);
    const onEdit = () => {
      control.dataset.dirty = "true";
      this.validate(control);
    };
    control.addEventListener("input", onEdit);
    control.addEventListener("change", onEdit);
    control.addEventListener("blur", () => {
      if (control.dataset.dirty) this.validate(control);
    });
  }
}

export const required =
  (label: string): Check<string> =>
  (value) =>
    value ? null : `${label} is required.`;

export function emailProblem(value: string): string | null {
  if (!value) return "Email is required.";
  return EMAIL.pattern.test(value) ? null : "Enter a valid email address, such as name@example.com.";
}

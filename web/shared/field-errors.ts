/**
 * Messages next to their fields. Each control that can show one has a
 * `<p class="error" id="<control id>-error" hidden>` after it and names it in
 * `aria-describedby`; controls carry the API's field path in `data-path`, so
 * a problem's `errors[].path` finds its control.
 */
import type { Problem } from "./api";
import { type Control, firstInPage, isActive } from "./dom";

/** Shows the message under the control and marks it invalid; null clears both. False when it has no message box. */
export function showFieldError(control: Control, message: string | null): boolean {
  const box = document.getElementById(`${control.id}-error`);
  if (!box) return false;
  box.textContent = message ?? "";
  box.hidden = !message;
  if (message) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
  return true;
}

/** The page-wide message box (role="alert"); an empty message hides it. */
export function statusMessage(box: HTMLElement): (message: string) => void {
  return (message) => {
    box.textContent = message;
    box.hidden = !message;
  };
}

export interface ProblemTarget {
  form: HTMLFormElement;
  say: (message: string) => void;
  /** The `data-path` that shows a path's errors, where it is not the path itself. */
  alias?: (path: string) => string;
}

/** The active control for an error path, else the one for its closest parent path (a.b.c, then a.b, then a). */
export function controlForPath(target: ProblemTarget, path: string): Control | null {
  const parts = path.split(".");
  while (parts.length > 0) {
    const prefix = parts.join(".");
    const dataPath = target.alias?.(prefix) ?? prefix;
    const control = target.form.querySelector<Control>(`[data-path="${CSS.escape(dataPath)}"]`);
    if (control && isActive(control)) return control;
    parts.pop();
  }
  return null;
}

/**
 * Shows an API problem: each field error next to its field (focus on the
 * first), everything else in the page-wide message.
 */
export function showProblem(target: ProblemTarget, status: number, headers: Headers, problem: Problem): void {
  if (status === 429) {
    const seconds = Number(headers.get("retry-after")) || 60;
    target.say(`Too many attempts. Please try again in about ${Math.ceil(seconds / 60)} minutes.`);
    return;
  }
  const unplaced: string[] = [];
  const placed: Control[] = [];
  for (const error of Array.isArray(problem.errors) ? problem.errors : []) {
    const control = controlForPath(target, error.path);
    if (control && showFieldError(control, error.message)) placed.push(control);
    else unplaced.push(error.message);
  }
  const [first, ...others] = placed;
  if (first) {
    target.say(["Please correct the fields marked below.", ...unplaced].join(" "));
    firstInPage([first, ...others]).focus();
  } else {
    target.say(unplaced.length > 0 ? unplaced.join(" ") : problem.detail || "Something went wrong. Please try again.");
  }
}

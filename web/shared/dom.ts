/** The controls a page reads a value from. */
export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface Choice {
  value: string;
  label: string;
}

/** The element with this id, of the expected kind: the page's HTML is ours, so a miss is a bug worth an exception. */
export function byId<T extends HTMLElement = HTMLElement>(id: string, kind?: { new (): T }): T {
  const node = document.getElementById(id);
  if (!node || (kind && !(node instanceof kind))) throw new Error(`The page has no suitable #${id}.`);
  return node as T;
}

/** A new element; attributes set to false, null or undefined are left out, true ones are set empty. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | null | undefined> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value === true ? "" : value);
  }
  if (text !== undefined) node.textContent = text;
  return node;
}

export function fillSelect(
  select: HTMLSelectElement,
  choices: readonly Choice[],
  selected: string,
  placeholder?: string,
): void {
  select.replaceChildren();
  if (placeholder) select.append(element("option", { value: "" }, placeholder));
  for (const choice of choices) {
    select.append(element("option", { value: choice.value, selected: choice.value === selected }, choice.label));
  }
}

/** Whether the person can see and change the control: hidden or disabled ones are neither checked nor sent. */
export function isActive(control: Control): boolean {
  return !control.disabled && !control.closest("[hidden]");
}

/** The value as sent: trimmed, except a password, whose spaces are part of it. */
export function textValue(control: Control): string {
  return control instanceof HTMLInputElement && control.type === "password" ? control.value : control.value.trim();
}

/** The one of `nodes` that comes first in the document. */
export function firstInPage<T extends Node>(nodes: readonly [T, ...T[]]): T {
  return nodes.reduce((first, node) =>
    first.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING ? node : first,
  );
}

/** The localised name of a currency or language code, or the code itself where the browser has none. */
export function displayName(type: "currency" | "language", code: string): string {
  try {
    return new Intl.DisplayNames([document.documentElement.lang || "en"], { type }).of(code) || code;
  } catch {
    return code;
  }
}

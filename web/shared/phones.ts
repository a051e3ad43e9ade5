import "./phones.css";
import { PHONE_NUMBER } from "../../lib/domain/input-rules";
import { byId, element, fillSelect } from "./dom";
import type { FieldChecks } from "./field-checks";

export interface PhoneValue {
  type: string;
  location: string;
  number: string;
}

function numberProblem(value: string): string | null {
  if (!value) return "Enter the number, or remove this phone.";
  return value.length < PHONE_NUMBER.minLength || !PHONE_NUMBER.pattern.test(value) ? PHONE_NUMBER.message : null;
}

function field(id: string, label: string, control: HTMLSelectElement | HTMLInputElement): HTMLDivElement {
  const wrapper = element("div", { class: "field" });
  wrapper.append(element("label", { for: id }, label), control);
  if (control instanceof HTMLInputElement)
    wrapper.append(element("p", { class: "error", id: `${id}-error`, hidden: true }));
  return wrapper;
}

const inRow = (row: Element, name: string) =>
  row.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-field=${name}]`)!;

const NEW_PHONE: PhoneValue = { type: "phone", location: "home", number: "" };

/**
 * Any number of phone rows, added and removed with buttons (the page has an
 * `#add-phone` button that takes the focus when the first row goes). The API
 * names a row's fields phones.<index>.<field>, so the rows are renumbered on removal.
 */
export class PhoneRows {
  private added = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly checks: FieldChecks,
  ) {}

  /** A row for the person to fill in (it takes the focus), or one showing a stored phone. */
  add(phone?: PhoneValue): void {
    const n = ++this.added;
    const row = element("div", { class: "phone-row", role: "group" });
    const type = element("select", { id: `phone-${n}-type`, "data-field": "type" });
    fillSelect(
      type,
      [
        { value: "phone", label: "Phone" },
        { value: "fax", label: "Fax" },
      ],
      phone?.type ?? NEW_PHONE.type,
    );
    const location = element("select", { id: `phone-${n}-location`, "data-field": "location" });
    fillSelect(
      location,
      [
        { value: "home", label: "Home" },
        { value: "work", label: "Work" },
      ],
      phone?.location ?? NEW_PHONE.location,
    );
    const number = element("input", {
      id: `phone-${n}-number`,
      type: "tel",
      autocomplete: "tel",
      maxlength: String(PHONE_NUMBER.maxLength),
      "data-field": "number",
      "aria-describedby": `phone-${n}-number-error`,
    });
    const remove = element("button", { type: "button", class: "secondary" }, "Remove");
    number.value = phone?.number ?? NEW_PHONE.number;
    remove.addEventListener("click", () => {
      const rows = this.rows();
      const previous = rows[rows.indexOf(row) - 1];
      this.checks.forget(number);
      row.remove();
      this.renumber();
      (previous ? inRow(previous, "number") : byId("add-phone")).focus();
    });
    row.append(
      field(type.id, "Type", type),
      field(location.id, "Location", location),
      field(number.id, "Number", number),
      remove,
    );
    this.container.append(row);
    this.checks.text(number, numberProblem);
    this.renumber();
    if (!phone) number.focus();
  }

  /** Replaces every row with these phones. */
  show(phones: readonly PhoneValue[]): void {
    for (const row of this.rows()) {
      this.checks.forget(inRow(row, "number"));
      row.remove();
    }
    for (const phone of phones) this.add(phone);
  }

  values(): PhoneValue[] {
    return this.rows().map((row) => ({
      type: inRow(row, "type").value,
      location: inRow(row, "location").value,
      number: inRow(row, "number").value.trim(),
    }));
  }

  private rows(): HTMLElement[] {
    return Array.from(this.container.querySelectorAll<HTMLElement>(".phone-row"));
  }

  private renumber(): void {
    this.rows().forEach((row, index) => {
      row.setAttribute("aria-label", `Phone ${index + 1}`);
      for (const control of row.querySelectorAll<HTMLElement>("[data-field]")) {
        control.dataset.path = `phones.${index}.${control.dataset.field}`;
      }
      row.querySelector("button")!.setAttribute("aria-label", `Remove phone ${index + 1}`);
    });
  }
}

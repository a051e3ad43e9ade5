import { customFieldPattern } from "../../lib/domain/input-rules";
import { byId, type Control, element, fillSelect, textValue } from "./dom";
import type { FieldChecks } from "./field-checks";

export type CustomFieldValue = string | boolean;

/** A custom field as the public API describes it (the signup config, the account form). */
export interface CustomFieldSpec {
  id: string;
  name: string;
  type: "text" | "textarea" | "checkbox" | "select";
  options: string[];
  required: boolean;
  regex: string | null;
  default: CustomFieldValue | null;
}

const controlId = (field: CustomFieldSpec) => `cf-${field.id}`;

/** The pattern as the API applies it; null when there is none, or when this browser cannot compile it. */
function patternOf(field: CustomFieldSpec): RegExp | null {
  try {
    return field.regex ? customFieldPattern(field.regex) : null;
  } catch {
    return null;
  }
}

/**
 * A custom field rendered by its type, with its label, message box and check,
 * showing `value`: a stored value, or for a new client the field's default.
 */
export function customField(field: CustomFieldSpec, checks: FieldChecks, value = field.default): HTMLDivElement {
  const id = controlId(field);
  const wrapper = element("div", { class: field.type === "checkbox" ? "check" : "field" });
  const label = element("label", { for: id }, field.name);
  if (field.required) label.append(element("span", { class: "required", "aria-hidden": "true" }, " *"));
  const common = {
    id,
    name: id,
    "data-path": `customFields.${field.id}`,
    required: field.required,
    "aria-describedby": `${id}-error`,
  };
  if (field.type === "checkbox") {
    const control = element("input", { ...common, type: "checkbox", checked: value === true });
    wrapper.append(control, label);
    checks.checkbox(control, (ticked) => (field.required && !ticked ? `${field.name} must be ticked.` : null));
  } else {
    const control = textControl(field, common, typeof value === "string" ? value : "");
    wrapper.append(label, control);
    const pattern = patternOf(field);
    checks.text(control, (text) => {
      if (!text) return field.required ? `${field.name} is required.` : null;
      return pattern && !pattern.test(text) ? `${field.name} does not have the expected format.` : null;
    });
  }
  wrapper.append(element("p", { class: "error", id: `${id}-error`, hidden: true }));
  return wrapper;
}

function textControl(field: CustomFieldSpec, attributes: Record<string, string | boolean>, value: string): Control {
  if (field.type === "select") {
    const select = element("select", attributes);
    // Once there is a value there is no way back to "nothing chosen": the API takes only one of the options.
    const placeholder = value ? "" : "Choose…";
    const choices = field.options.map((option) => ({ value: option, label: option }));
    fillSelect(select, choices, value, placeholder);
    return select;
  }
  const control =
    field.type === "textarea" ? element("textarea", attributes) : element("input", { ...attributes, type: "text" });
  control.value = value;
  return control;
}

/** The field's value as the person left it: ticked or not for a checkbox, else the text ("" when empty). */
export function customFieldValue(field: CustomFieldSpec): CustomFieldValue {
  const control = byId<Control>(controlId(field));
  return control instanceof HTMLInputElement && control.type === "checkbox" ? control.checked : textValue(control);
}

/** The values to send: ticked or not for a checkbox, the text when there is some. */
export function customFieldValues(fields: readonly CustomFieldSpec[]): Record<string, CustomFieldValue> {
  const values: Record<string, CustomFieldValue> = {};
  for (const field of fields) {
    const value = customFieldValue(field);
    if (value !== "") values[field.id] = value;
  }
  return values;
}

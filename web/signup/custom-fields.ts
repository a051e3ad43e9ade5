import { customFieldPattern } from "../../lib/domain/input-rules";
import { byId, type Control, element, fillSelect, textValue } from "../shared/dom";
import type { FieldChecks } from "../shared/field-checks";
import type { SignupField } from "./api-types";

const controlId = (field: SignupField) => `cf-${field.id}`;

/** The pattern as the API applies it; null when there is none, or when this browser cannot compile it. */
function patternOf(field: SignupField): RegExp | null {
  try {
    return field.regex ? customFieldPattern(field.regex) : null;
  } catch {
    return null;
  }
}

/** A custom field of the signup group, rendered by its type, with its label, message box and check. */
export function customField(field: SignupField, checks: FieldChecks): HTMLDivElement {
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
    const control = element("input", { ...common, type: "checkbox", checked: field.default === true });
    wrapper.append(control, label);
    checks.checkbox(control, (ticked) => (field.required && !ticked ? `${field.name} must be ticked.` : null));
  } else {
    const control = textControl(field, common);
    wrapper.append(label, control);
    const pattern = patternOf(field);
    checks.text(control, (value) => {
      if (!value) return field.required ? `${field.name} is required.` : null;
      return pattern && !pattern.test(value) ? `${field.name} does not have the expected format.` : null;
    });
  }
  wrapper.append(element("p", { class: "error", id: `${id}-error`, hidden: true }));
  return wrapper;
}

function textControl(field: SignupField, attributes: Record<string, string | boolean>): Control {
  if (field.type === "select") {
    const select = element("select", attributes);
    const placeholder = field.required && field.default ? "" : "Choose…";
    const choices = field.options.map((option) => ({ value: option, label: option }));
    fillSelect(select, choices, typeof field.default === "string" ? field.default : "", placeholder);
    return select;
  }
  const control =
    field.type === "textarea" ? element("textarea", attributes) : element("input", { ...attributes, type: "text" });
  control.value = typeof field.default === "string" ? field.default : "";
  return control;
}

/** The values to send: ticked or not for a checkbox, the text when there is some. */
export function customFieldValues(fields: readonly SignupField[]): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const field of fields) {
    const control = byId<Control>(controlId(field));
    const value =
      control instanceof HTMLInputElement && control.type === "checkbox" ? control.checked : textValue(control);
    if (value !== "") values[field.id] = value;
  }
  return values;
}

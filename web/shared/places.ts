import { getJson } from "./api";
import { fillSelect } from "./dom";

/** A country or a state: its ISO 3166 code and English name. */
export interface Place {
  code: string;
  name: string;
}

export const countries = () => getJson<Place[]>("/v1/countries");

const choicesOf = (places: readonly Place[]) => places.map((p) => ({ value: p.code, label: p.name }));

/** A country select and the select of its states, which follows the chosen country. */
export class PlaceSelects {
  private statesRequest = 0;
  private statesLoading = false;

  constructor(
    private readonly country: HTMLSelectElement,
    private readonly state: HTMLSelectElement,
  ) {
    country.addEventListener("change", () => this.followCountry());
  }

  /** Offers the countries with `country` chosen, then its states with `state` chosen. */
  show(places: readonly Place[], country = "", state = ""): Promise<void> {
    fillSelect(this.country, choicesOf(places), country, "Choose a country");
    return this.followCountry(state);
  }

  /** The chosen state: null for none, undefined while the states of the country are still loading. */
  stateValue(): string | null | undefined {
    if (this.statesLoading) return undefined;
    return !this.state.disabled && this.state.value ? this.state.value : null;
  }

  private async followCountry(selected = ""): Promise<void> {
    const country = this.country.value;
    const request = ++this.statesRequest;
    this.state.disabled = true;
    fillSelect(this.state, [], "", country ? "Loading…" : "Choose a country first");
    if (!country) return;
    this.statesLoading = true;
    const states = await getJson<Place[]>(`/v1/countries/${encodeURIComponent(country)}/states`).catch(() => []);
    // A slower answer for a country chosen earlier must not replace the current one.
    if (request !== this.statesRequest) return;
    this.statesLoading = false;
    if (states.length === 0) {
      fillSelect(this.state, [], "", "No states for this country");
      return;
    }
    fillSelect(this.state, choicesOf(states), selected, "Choose a state or province");
    this.state.disabled = false;
  }
}

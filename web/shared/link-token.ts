/**
 * The one-time token of an emailed link (`?token=`). It is taken out of the address at once, so it stays
 * in neither the browser's history nor a Referer, and kept for this tab only in sessionStorage (never
 * localStorage), so a reload still works; it is forgotten once used.
 */
const KEY_PREFIX = "clientele.link-token.";

export class LinkToken {
  private readonly key: string;
  readonly value: string | null;

  /** `page` names the page's own slot: the tokens of two pages never mix. */
  constructor(page: string) {
    this.key = `${KEY_PREFIX}${page}`;
    const address = new URL(location.href);
    const fromLink = address.searchParams.get("token");
    if (fromLink) {
      address.searchParams.delete("token");
      history.replaceState(history.state, "", address.pathname + address.search + address.hash);
      this.store(fromLink);
      this.value = fromLink;
    } else {
      this.value = this.read();
    }
  }

  forget(): void {
    try {
      sessionStorage.removeItem(this.key);
    } catch {
      // Nothing was stored.
    }
  }

  private store(token: string): void {
    try {
      sessionStorage.setItem(this.key, token);
    } catch {
      // Kept in memory only: a reload then asks for a new link.
    }
  }

  private read(): string | null {
    try {
      return sessionStorage.getItem(this.key);
    } catch {
      return null;
    }
  }
}

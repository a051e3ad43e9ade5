/** The API as the hosted pages call it: same origin (their policy allows nothing else), JSON both ways. */

export interface FieldIssue {
  path: string;
  message: string;
}

/** The parts of an RFC 9457 problem the pages show. */
export interface Problem {
  detail?: string;
  errors?: FieldIssue[];
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON body; an empty object when there is none. */
  body: unknown;
}

/** An API path with the page's own `?company=`, by which an installation with several companies names one. */
export function forCompany(path: string): string {
  const company = new URLSearchParams(location.search).get("company");
  return company ? `${path}?company=${encodeURIComponent(company)}` : path;
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return (await response.json()) as T;
}

/** Calls the API, with a JSON body when one is given; rejects only when the server cannot be reached. */
export async function callApi(
  method: "GET" | "POST" | "PUT" | "PATCH",
  path: string,
  json?: string,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const response = await fetch(path, {
    method,
    headers: {
      accept: "application/json",
      ...(json === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: json,
  });
  const body: unknown = await response.json().catch(() => ({}));
  return { status: response.status, headers: response.headers, body };
}

/** A fresh Idempotency-Key: 128 random bits in hex. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

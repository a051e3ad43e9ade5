import { SIGNUP_PAGE_CSP, SIGNUP_PAGE_HTML } from "./page";
import { SIGNUP_SCRIPT } from "./script";
import { SIGNUP_CSS } from "./styles";

export interface FormFile {
  body: string;
  headers: Record<string, string>;
}

export function signupPage(): FormFile {
  return {
    body: SIGNUP_PAGE_HTML,
    headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": SIGNUP_PAGE_CSP },
  };
}

const ASSETS: Record<string, FormFile> = {
  "signup.js": { body: SIGNUP_SCRIPT, headers: { "content-type": "text/javascript; charset=utf-8" } },
  "signup.css": { body: SIGNUP_CSS, headers: { "content-type": "text/css; charset=utf-8" } },
};

/** The form's script or style sheet; null for any other name. */
export function signupAsset(name: string): FormFile | null {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name]! : null;
  return asset && { body: asset.body, headers: { ...asset.headers, "cache-control": "public, max-age=300" } };
}

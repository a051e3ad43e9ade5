/** The pool's password rule as the API checks it (lib/identity/passwords.ts), in words for the person typing. */
export function passwordProblem(minimumLength: number, value: string): string | null {
  const missing: string[] = [];
  if (value.length < minimumLength) missing.push(`at least ${minimumLength} characters`);
  if (!/[a-z]/.test(value)) missing.push("a lower-case letter");
  if (!/[A-Z]/.test(value)) missing.push("an upper-case letter");
  if (!/[0-9]/.test(value)) missing.push("a digit");
  return missing.length > 0 ? `The password needs ${missing.join(", ")}.` : null;
}

/** The signup form's style sheet: system fonts only, nothing loaded from elsewhere. */
export const SIGNUP_CSS = `:root {
  color-scheme: light;
  --ink: #1f2933;
  --muted: #52606d;
  --line: #cbd2d9;
  --accent: #1f6feb;
  --accent-dark: #174ea6;
  --error: #b42318;
  --error-bg: #fef3f2;
  --ok-bg: #ecfdf3;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink);
  background: #f5f7fa;
}
[hidden] { display: none !important; }
body { margin: 0; padding: 2rem 1rem; }
main { max-width: 44rem; margin: 0 auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1.5rem 2rem 2rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.35rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1.25rem; padding: 0.75rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 0.35rem; }
fieldset.choices { border: 0; padding: 0; margin: 1rem 0 0.5rem; }
fieldset.choices legend { padding: 0; margin-bottom: 0.35rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0 1rem; }
.field { display: flex; flex-direction: column; margin-bottom: 0.75rem; }
label { font-weight: 500; margin-bottom: 0.25rem; }
.check { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin: 0.5rem 0; }
.check label { margin: 0; font-weight: 400; }
.check .error { flex-basis: 100%; }
input[type="text"], input[type="email"], input[type="password"], input[type="tel"], select, textarea {
  font: inherit; padding: 0.5rem 0.6rem; border: 1px solid #7b8794; border-radius: 4px; background: #fff; color: inherit;
}
textarea { min-height: 5rem; resize: vertical; }
input[type="checkbox"], input[type="radio"] { width: 1.1rem; height: 1.1rem; margin: 0; }
input:focus-visible, select:focus-visible, textarea:focus-visible, button:focus-visible, a:focus-visible, section:focus-visible {
  outline: 3px solid var(--accent); outline-offset: 2px;
}
[aria-invalid="true"] { border-color: var(--error) !important; background: var(--error-bg); }
select:disabled { background: #f0f2f5; color: var(--muted); }
.required { color: var(--error); }
.error { color: var(--error); font-size: 0.9rem; margin: 0.3rem 0 0; }
.hint { color: var(--muted); font-size: 0.9rem; margin: 0.3rem 0 0.75rem; }
.notice { border: 1px solid var(--error); background: var(--error-bg); border-radius: 6px; padding: 0.75rem 1rem; margin-bottom: 1rem; }
#generated-password-box { border-color: #027a48; background: var(--ok-bg); }
code { font-size: 1.1rem; padding: 0.15rem 0.4rem; background: #fff; border: 1px solid var(--line); border-radius: 4px; user-select: all; }
button { font: inherit; cursor: pointer; border-radius: 4px; padding: 0.55rem 1.1rem; border: 1px solid var(--accent); }
button[type="submit"] { background: var(--accent); color: #fff; font-weight: 600; }
button[type="submit"]:hover { background: var(--accent-dark); }
button:disabled { opacity: 0.6; cursor: progress; }
button.secondary { background: #fff; color: var(--accent-dark); }
.phone-row { display: grid; grid-template-columns: 7rem 7rem 1fr auto; gap: 0 0.75rem; align-items: end; margin-bottom: 0.5rem; }
.phone-row .field { margin-bottom: 0; }
.phone-row .error { grid-column: 1 / -1; }
@media (max-width: 36rem) {
  main { padding: 1rem; }
  .phone-row { grid-template-columns: 1fr 1fr; }
}
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
/* The honeypot: out of sight and out of the tab order, but not display:none, which bots skip. */
.trap { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden; }
`;

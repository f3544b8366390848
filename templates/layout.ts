import type { HospitalConfig } from '#config/hospital-config';
import { escapeHtml } from './escape.ts';

/**
 * Every page Tandem serves: no script at all, one inline stylesheet (allowed by the page's CSP),
 * branding from the hospital config (colour validated as #rrggbb by the config schema).
 */
export function renderPage(hospital: HospitalConfig, title: string, body: string): string {
  const color = hospital.branding.primaryColor;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(hospital.branding.programName)}</title>
<style>
  :root { --brand: ${color}; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f6f7f9; }
  header { background: var(--brand); color: #fff; padding: 1rem 1.25rem; }
  header p { margin: 0; font-weight: 600; }
  main { max-width: 46rem; margin: 0 auto; padding: 1.25rem; background: #fff; }
  h1 { font-size: 1.5rem; line-height: 1.25; }
  fieldset { border: 1px solid #c9ced6; border-radius: 6px; margin: 0 0 1.25rem; padding: 0.75rem 1rem 1rem; }
  legend { font-weight: 600; padding: 0 0.25rem; }
  label { display: block; font-weight: 600; margin-top: 0.75rem; }
  label.option { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; margin-top: 0.35rem; }
  .hint { color: #4a4f57; font-size: 0.9rem; margin: 0.15rem 0 0; }
  input[type=text], input[type=email], input[type=number], input[type=date], input[type=time], select, textarea {
    width: 100%; font: inherit; padding: 0.5rem; border: 1px solid #6b7280; border-radius: 4px; background: #fff; }
  textarea { min-height: 5rem; }
  input:focus, select:focus, textarea:focus, button:focus, a:focus { outline: 3px solid #ffbf47; outline-offset: 1px; }
  /* After the inputs' own border rule, and as specific (element + attribute), so it wins. */
  input[aria-invalid=true], select[aria-invalid=true], textarea[aria-invalid=true], fieldset[aria-describedby] { border: 2px solid #b00020; }
  .required { font-weight: 400; color: #4a4f57; font-size: 0.9rem; }
  .error { color: #b00020; font-weight: 600; margin: 0.25rem 0 0; }
  .error-summary { border: 3px solid #b00020; padding: 0.75rem 1rem; margin-bottom: 1.25rem; }
  .error-summary a { color: #b00020; }
  button { font: inherit; font-weight: 600; padding: 0.6rem 1.2rem; border: 0; border-radius: 4px; background: var(--brand); color: #fff; cursor: pointer; }
  button.secondary { background: #374151; }
  .row { display: flex; gap: 1rem; flex-wrap: wrap; } .row > * { flex: 1 1 10rem; }
  dl { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; gap: 0.4rem 1rem; }
  dt { font-weight: 600; } dd { margin: 0; white-space: pre-line; }
  @media (max-width: 30rem) { dl { grid-template-columns: 1fr; } dd { margin-bottom: 0.5rem; } }
  table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
  /* On a phone a wide table scrolls by itself; the page never does. */
  @media (max-width: 40rem) { table { display: block; overflow-x: auto; } }
  caption { text-align: left; color: #4a4f57; padding-bottom: 0.25rem; }
  th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #dde1e6; vertical-align: top; }
  footer { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem; color: #4a4f57; font-size: 0.9rem; }
</style>
</head>
<body>
<header><p>${escapeHtml(hospital.branding.programName)} · ${escapeHtml(hospital.name)}</p></header>
<main id="main">
${body}
</main>
<footer>Questions? Write to the program office: ${hospital.administrators.map((a) => `<a href="mailto:${escapeHtml(a)}">${escapeHtml(a)}</a>`).join(', ')}</footer>
</body>
</html>`;
}

/** Headers for every HTML page: no scripts, no framing, forms post only to this site. */
export const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

import type { AuthenticationResults } from '#domain/inbound-mail';

/** Authentication methods of the IANA registry that a mail system reports on. */
const methods = new Set(['spf', 'dkim', 'dmarc', 'arc', 'iprev', 'auth', 'bimi', 'dkim-atps']);

/**
 * Reads one `Authentication-Results` header (RFC 8601): the authserv-id, then each
 * `method=result` with its `ptype.property=value` pairs. Written by hand because the npm
 * packages that verify DKIM/DMARC (mailauth and others) write this header but do not parse one,
 * and Tandem needs only this small part of the grammar: comments dropped, quoted values kept.
 */
export function parseAuthenticationResults(value: string): AuthenticationResults | null {
  const text = withoutComments(value.replace(/\r?\n[ \t]+/g, ' '));
  const [first, ...statements] = splitOutsideQuotes(text, ';');
  const authservId = first?.trim().split(/\s+/)[0]?.toLowerCase();
  if (!authservId) return null;
  const results: AuthenticationResults['results'] = [];
  for (const statement of statements) {
    const tokens = statement.trim().match(/[^\s=]+\s*=\s*("[^"]*"|[^\s;]+)/g) ?? [];
    const [head, ...rest] = tokens.map((t) => {
      const at = t.indexOf('=');
      return [t.slice(0, at).trim().toLowerCase(), unquote(t.slice(at + 1).trim())] as const;
    });
    // "none", a property, or the extra `key=value;` pairs SES writes after its spf result.
    if (!head || !methods.has(head[0])) continue;
    const properties: Record<string, string> = {};
    for (const [key, v] of rest) if (key.includes('.')) properties[key] = v;
    results.push({ method: head[0], result: head[1].toLowerCase(), properties });
  }
  return { authservId, results };
}

/** Drops RFC 5322 comments, nested ones included, outside quoted strings. */
function withoutComments(text: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      if (depth === 0) out += c + text[i + 1];
      i++;
    } else if (c === '"' && depth === 0) {
      quoted = !quoted;
      out += c;
    } else if (c === '(' && !quoted) depth++;
    else if (c === ')' && !quoted && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

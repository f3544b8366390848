import { sentEmails } from './integration.ts';

export { agreedPairing, importCsv, importCsvRow, pairingRequest } from './pairing-requests.ts';

/** Emails to one address whose subject matches. */
export async function emailsTo(address: string, subject?: RegExp) {
  return (await sentEmails(address)).filter(
    (e) => subject === undefined || subject.test(e.subject),
  );
}

/** The first short link (`http://tandem.test/l/<token>`) in a text, with its token. */
export function shortLinkIn(text: string): { path: string; token: string; url: string } | null {
  const match = /http:\/\/tandem\.test\/l\/([A-Za-z0-9_-]{22})/.exec(text);
  if (!match?.[1]) return null;
  return { path: `/l/${match[1]}`, token: match[1], url: match[0] };
}

/**
 * The respond link from the newest proposal email to an address: `path` opens (GET) or acts on
 * (POST with `t`) its page through `/l/<token>`; the token also works on `/respond/<id>`.
 */
export async function respondLinkFor(
  address: string,
): Promise<{ path: string; token: string; url: string }> {
  const proposals = await emailsTo(address, /mentoring expectations/);
  const text = proposals.at(-1)?.body.text ?? '';
  const link = shortLinkIn(text);
  if (!link) throw new Error(`no respond link in the email to ${address}:\n${text}`);
  return link;
}

/** The token of a link from an email: a short link's path, or an older page link's `?t=`. */
export function linkToken(url: URL): string {
  return url.searchParams.get('t') ?? /^\/l\/([\w-]+)$/.exec(url.pathname)?.[1] ?? '';
}

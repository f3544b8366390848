import { sentEmails } from './integration.ts';

export { agreedPairing, importCsv, importCsvRow, pairingRequest } from './pairing-requests.ts';

/** Emails to one address whose subject matches. */
export async function emailsTo(address: string, subject?: RegExp) {
  return (await sentEmails(address)).filter(
    (e) => subject === undefined || subject.test(e.subject),
  );
}

const linkPattern = /http:\/\/tandem\.test(\/respond\/[^\s"<>]+)/;

/** The respond link (path and query) from the newest proposal email to an address. */
export async function respondLinkFor(
  address: string,
): Promise<{ path: string; token: string; id: string }> {
  const proposals = await emailsTo(address, /mentoring expectations/);
  const text = proposals.at(-1)?.body.text ?? '';
  const match = linkPattern.exec(text);
  if (!match?.[1]) throw new Error(`no respond link in the email to ${address}:\n${text}`);
  const url = new URL(match[1], 'http://tandem.test');
  return {
    path: `${url.pathname}${url.search}`,
    token: url.searchParams.get('t') ?? '',
    id: decodeURIComponent(url.pathname.split('/')[2] ?? ''),
  };
}

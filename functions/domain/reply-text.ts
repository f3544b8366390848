import EmailReplyParser from 'email-reply-parser';

/**
 * The new text of a reply: quoted history (Gmail, Outlook desktop and web header blocks, Apple
 * Mail, Thunderbird above or below the quote) and "Sent from my …" lines go, via
 * email-reply-parser. Two rules it does not have are added here: quoted `>` lines left *above*
 * new text (a reply written below the quote), a trailing block that starts with the
 * sender's own name (an undelimited signature), and a trailing rule line (an HTML `<hr>` above
 * the quote, as Outlook on the web writes, turned into dashes).
 */
export function newReplyText(body: string, senderName?: string): string {
  const visible = new EmailReplyParser().read(body.replace(/\r\n/g, '\n')).getVisibleText();
  const lines = visible.split('\n').filter((line) => !/^\s*>/.test(line));
  while (lines.length > 0 && /^\s*([-_=*]{5,}\s*)?$/.test(lines.at(-1) ?? '')) lines.pop();
  let text = lines.join('\n').trim();
  if (senderName && senderName.trim().length > 2) {
    const paragraphs = text.split(/\n\s*\n/);
    const last = paragraphs.at(-1)?.trim() ?? '';
    const name = senderName.trim().toLowerCase();
    if (
      paragraphs.length > 1 &&
      last.split('\n').length <= 4 &&
      last.toLowerCase().startsWith(name)
    ) {
      paragraphs.pop();
      text = paragraphs.join('\n\n').trim();
    }
  }
  return text.replace(/\n{3,}/g, '\n\n');
}

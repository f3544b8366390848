import EmailReplyParser from 'email-reply-parser';

/**
 * The new text of a reply, and nothing a mentee did not write for this reply: quoted history,
 * attribution lines, signatures, and notices their mail server appended.
 *
 * email-reply-parser removes quoted history (Gmail, Outlook desktop and web header blocks, Apple
 * Mail, Thunderbird above or below the quote) and "Sent from my …" lines, and reads attribution
 * lines in many languages — but only when they span at most two lines. The rules added here
 * (each with a fixture in test/fixtures/mail) cover what real replies still carried:
 * - attribution lines ("On … wrote:", "Am … schrieb …:", "Le … a écrit :", "El … escribió:",
 *   "Il giorno … ha scritto:", "Em … escreveu:", "Op … schreef …:", "W dniu … napisał(a):")
 *   wrapped over up to eight lines, as HTML-to-text and narrow clients write them;
 * - the tail of a long link in the quote that wrapped onto an unquoted line of its own;
 * - a sign-off ("Thanks, Ben") followed by a multi-line signature; a trailing signature block
 *   whose first line carries the sender's family name ("Ben Liu, MD", also from a display name
 *   "Liu, Benjamin"); a bare first name under the text ("Ben");
 * - confidentiality notices hospital mail servers append to every message;
 * - quoted `>` lines left above new text, and a trailing rule line (Outlook on the web's `<hr>`).
 */
export function newReplyText(body: string, senderName?: string): string {
  let lines = requoteWrappedTails(body.replace(/\r\n?/g, '\n').split('\n'));
  lines = cutAtAttribution(lines);
  const visible = new EmailReplyParser().read(lines.join('\n')).getVisibleText();
  let kept = visible.split('\n').filter((line) => !/^\s*>/.test(line));
  kept = cutAtNotice(kept);
  kept = cutAtSignOff(kept);
  while (kept.length > 0 && /^\s*([-_=*]{5,}\s*)?$/.test(kept.at(-1) ?? '')) kept.pop();
  let text = kept.join('\n').trim();
  if (senderName) text = withoutNameBlocks(text, senderName);
  return text.replace(/\n{3,}/g, '\n\n');
}

const titles = /^(dr|prof|professor|mr|mrs|ms|mx|md|do|phd|mph|mbbs|frcp|facp|rn|np|pa)\.?,?$/i;

/**
 * The sender's given and family names from their display name: "Dr Ben Liu" and "Liu, Benjamin"
 * (as Outlook shows a directory name) both give a family name of "Liu".
 */
function nameParts(senderName: string): { given?: string; family?: string } {
  const [before, after] = senderName.split(',').map((part) => part.trim());
  const words = (text = '') => text.split(/\s+/).filter((w) => w && !titles.test(w));
  if (after && words(after).length > 0 && words(before).length === 1)
    return { family: words(before)[0], given: words(after)[0] };
  const all = words(before);
  return { given: all.length > 1 ? all[0] : undefined, family: all.at(-1) };
}

/**
 * Drops trailing blocks that are the sender's own name: a signature block whose first line
 * carries their family name ("Ben Liu, MD" / "Pager 4471"), and a bare first name under the
 * text ("Ben", also for "Benjamin"). A block is a signature only if every line is short and not
 * a sentence, so "I will ask Dr Liu's team." stays.
 */
function withoutNameBlocks(text: string, senderName: string): string {
  const { given, family } = nameParts(senderName);
  if (!family || family.length < 2) return text;
  const paragraphs = text.split(/\n\s*\n/);
  const hasWord = (line: string, word: string) =>
    new RegExp(
      `(^|[^\\p{L}'’-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\p{L}'’-]|$)`,
      'iu',
    ).test(line);
  const signatureLike = (l: string) =>
    l.trim().length <= 80 && !(/[.!?]$/.test(l.trim()) && l.trim().split(/\s+/).length >= 5);
  const sameGiven = (word: string) => {
    const a = word.toLowerCase().replace(/[,.!]+$/, '');
    const b = given?.toLowerCase() ?? '';
    return a.length >= 2 && b.length >= 2 && (a.startsWith(b) || b.startsWith(a));
  };
  while (paragraphs.length > 1) {
    const lines = (paragraphs.at(-1) ?? '').trim().split('\n');
    const first = lines[0] ?? '';
    const signature = lines.length <= 6 && lines.every(signatureLike) && hasWord(first, family);
    const bareName =
      lines.length === 1 && first.trim().split(/\s+/).length === 1 && sameGiven(first.trim());
    if (!signature && !bareName) break;
    paragraphs.pop();
  }
  return paragraphs.join('\n\n').trim();
}

const quoted = (line: string) => /^\s*>/.test(line);
const blank = (line: string) => line.trim() === '';

/**
 * A line with no space right after a quoted line is the wrapped tail of that line (a long link
 * the client broke without its `>`): it belongs to the quote.
 */
function requoteWrappedTails(lines: string[]): string[] {
  return lines.map((line, i) =>
    i > 0 && quoted(lines[i - 1] ?? '') && /^\S{8,}$/.test(line) && !quoted(line)
      ? `> ${line}`
      : line,
  );
}

const attributionOpeners = /^\s*(On|Le|El|Il giorno|Il|Em|Am|Op|Den|W dniu|Dnia|pe|Le jour)\s/i;
const attribution =
  /^\s*(On|Le|El|Il giorno|Il|Em|Am|Op|Den|W dniu|Dnia|pe)\s.{4,500}?\b(wrote|a écrit|escribió|ha scritto|escreveu|schrieb|schreef|skrev|napisał\(a\)|napisała|napisał|pisze|kirjoitti)(\s[^\n]{0,300}?)?\s?:\s*$/iu;

/**
 * Cuts at an attribution line wrapped over up to eight lines. With new text above it (a reply
 * on top), everything from it on is history; with nothing above (a reply written below the
 * quote), only the attribution itself goes and the quote rules do the rest.
 */
function cutAtAttribution(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (quoted(line) || !attributionOpeners.test(line)) continue;
    for (let span = 1; span <= 8 && i + span <= lines.length; span++) {
      const joined = lines
        .slice(i, i + span)
        .map((l) => l.trim())
        .join(' ');
      if (!attribution.test(joined)) continue;
      const above = lines.slice(0, i).some((l) => !blank(l) && !quoted(l));
      return above ? lines.slice(0, i) : [...lines.slice(0, i), ...lines.slice(i + span)];
    }
  }
  return lines;
}

/** Words a confidentiality notice is made of: a paragraph with two of them is one. */
const noticeMarks = [
  /\bconfidential(ity)?\b/i,
  /\bprivileged\b/i,
  /\bintended (only )?(for the )?(addressee|recipient)/i,
  /\bnotify the sender\b|\bcontact the sender\b/i,
  /\b(delete|destroy)\b.{0,40}\b(it|message|copies|e-?mail)\b/i,
  /\bunauthori[sz]ed\b|\bprohibited\b/i,
  /\bHIPAA\b|\bprotected health information\b/i,
  /\bdisclaimer\b|\bvertraulich|\bconfidentialit[ée]\b|\bconfidencial/i,
];

/** Drops a confidentiality notice and everything after it (servers append it at the end). */
function cutAtNotice(lines: string[]): string[] {
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && !blank(lines[i] ?? '')) continue;
    const paragraph = lines.slice(start, i).join(' ');
    const marks = noticeMarks.filter((mark) => mark.test(paragraph)).length;
    if (marks >= 2 && start > 0) {
      let cut = start;
      // The rule of stars or dashes the server draws above it goes too.
      while (cut > 0 && /^\s*([-_=*]{3,}\s*)?$/.test(lines[cut - 1] ?? '')) cut--;
      return lines.slice(0, cut);
    }
    start = i + 1;
  }
  return lines;
}

const signOff =
  /^\s*(thanks|thank you|many thanks|thanks again|best|best wishes|all the best|kind regards|warm regards|regards|cheers|sincerely|yours|cordialement|merci|viele grüße|mit freundlichen grüßen|liebe grüße|saludos|gracias|un saludo|grazie|cordiali saluti|obrigad[oa]|met vriendelijke groet|groeten|pozdrawiam)\b[ ,.!]*(\p{Lu}[\p{L}.'-]*( \p{Lu}[\p{L}.'-]*){0,2})?[ ,.!]*$/iu;

/**
 * Drops a sign-off ("Thanks, Ben") and the signature below it (name, degree, post, pager): a
 * short block of at most six short lines that ends the text.
 */
function cutAtSignOff(lines: string[]): string[] {
  for (let i = lines.length - 1; i > 0; i--) {
    const line = lines[i] ?? '';
    if (!signOff.test(line) || line.trim().length > 40) continue;
    const after = lines.slice(i + 1).filter((l) => !blank(l));
    const textAbove = lines.slice(0, i).some((l) => !blank(l));
    // Signature lines are short and are not sentences ("P.S. I will send the abstract." is).
    const signatureLike = (l: string) =>
      l.trim().length <= 80 && !(/[.!?]$/.test(l.trim()) && l.trim().split(/\s+/).length >= 5);
    if (textAbove && after.length <= 6 && after.every(signatureLike)) return lines.slice(0, i);
  }
  return lines;
}

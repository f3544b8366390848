import { randomUUID } from 'node:crypto';
import { encodeWords, foldLines, isPlainText, quoteString } from 'nodemailer/lib/mime-funcs';
import { encode as quotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';
import { oneLine } from '#domain/one-line';
import type { OutgoingEmail } from '#domain/outgoing-email';

/**
 * The raw MIME message of one email, in the one shape Tandem sends:
 *
 *     multipart/mixed
 *       multipart/alternative: text/plain, text/html, then each alternative (text/calendar)
 *         (inside multipart/related, with each inline image, when the HTML shows any)
 *       each attachment (invite.ics)
 *
 * Why not nodemailer's MailComposer, which this replaced: it builds every message through a
 * pipeline of streams, 1.6 ms of CPU for an invite of 10 KB, five times the calendar and the
 * email together (docs/performance.md). The encoding itself is still nodemailer's: its header
 * encoder (RFC 2047 words, quoted strings, folding) and its quoted-printable and base64 encoders,
 * with the same choices MailComposer makes (7bit for short-lined ASCII text, quoted-printable
 * for other text, base64 for attachments). What is hand-written here is only the assembly of a
 * fixed tree. Every value is a string given in full: nothing can make it read a file or a URL.
 */
export function composeMime(email: OutgoingEmail, now: Date): Buffer {
  const id = randomUUID();
  const mixed = `--_Tandem-${id}-mixed`;
  const alternative = `--_Tandem-${id}-alternative`;
  const domain = email.from.address.slice(email.from.address.lastIndexOf('@') + 1);

  const head = [
    header('X-Tandem-Kind', email.kind),
    header('From', mailbox(email.from.name, email.from.address)),
    header('To', email.to.map(address).join(', ')),
    ...(email.replyTo ? [header('Reply-To', address(email.replyTo))] : []),
    // One line in every client; an encoded-word typed into a name stays literal text.
    header('Subject', text(singleLine(email.subject))),
    header('Message-ID', `<${id}@${address(domain)}>`),
    header('Date', now.toUTCString().replace(/GMT$/, '+0000')),
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
  ];
  const body = [
    `Content-Type: multipart/alternative; boundary="${alternative}"`,
    '',
    multipart(alternative, [
      textPart('text/plain; charset=utf-8', email.text),
      ...(email.html === undefined ? [] : [textPart('text/html; charset=utf-8', email.html)]),
      ...(email.alternatives ?? []).map((part) => textPart(part.contentType, part.content)),
    ]),
  ].join('\r\n');
  // Images the HTML refers to by cid: go with it in multipart/related (RFC 2387).
  const related = `--_Tandem-${id}-related`;
  const inline = email.inlineImages ?? [];
  const parts = [
    inline.length === 0
      ? body
      : [
          `Content-Type: multipart/related; boundary="${related}"`,
          '',
          multipart(related, [
            body,
            ...inline.map((image) =>
              [
                header(
                  'Content-Type',
                  `${contentType(image.contentType)}; name=${param(image.filename)}`,
                ),
                'Content-Transfer-Encoding: base64',
                header('Content-ID', `<${address(image.contentId)}>`),
                header('Content-Disposition', `inline; filename=${param(image.filename)}`),
                '',
                lines(image.base64.replace(/[^A-Za-z0-9+/=]/g, ''), 76),
              ].join('\r\n'),
            ),
          ]),
        ].join('\r\n'),
    ...(email.attachments ?? []).map((part) =>
      [
        header('Content-Type', `${contentType(part.contentType)}; name=${param(part.filename)}`),
        'Content-Transfer-Encoding: base64',
        header('Content-Disposition', `attachment; filename=${param(part.filename)}`),
        '',
        lines(Buffer.from(part.content, 'utf8').toString('base64'), 76),
      ].join('\r\n'),
    ),
  ];
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${multipart(mixed, parts)}`, 'utf8');
}

function multipart(boundary: string, parts: string[]): string {
  return `${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--`;
}

function textPart(type: string, content: string): string {
  const body = content.replace(/\r?\n/g, '\r\n');
  const plain = isPlainText(body) && !hasLineLongerThan(body, 76);
  return [
    header('Content-Type', contentType(type)),
    `Content-Transfer-Encoding: ${plain ? '7bit' : 'quoted-printable'}`,
    '',
    plain ? body : wrapQuotedPrintable(quotedPrintable(body), 76),
  ].join('\r\n');
}

/** Base64 in lines of `width` (Buffer's encoder is native; nodemailer's wrap was a regex). */
function lines(base64: string, width: number): string {
  const out: string[] = [];
  for (let i = 0; i < base64.length; i += width) out.push(base64.slice(i, i + width));
  return out.join('\r\n');
}

function hasLineLongerThan(body: string, width: number): boolean {
  let start = 0;
  for (;;) {
    const end = body.indexOf('\r\n', start);
    if ((end === -1 ? body.length : end) - start > width) return true;
    if (end === -1) return false;
    start = end + 2;
  }
}

function header(name: string, value: string): string {
  return foldLines(`${name}: ${value}`, 76);
}

/** One line, its spaces collapsed: how a Subject or a name shows in every client anyway. */
function singleLine(value: string): string {
  return oneLine(value).replace(/\s+/g, ' ').trim();
}

/** Header text: as it is when it is printable ASCII, else RFC 2047 encoded words. */
function text(value: string): string {
  return isPlainText(value) ? value : encodeWords(value, 'Q', 52, true);
}

function mailbox(name: string, email: string): string {
  const display = singleLine(name);
  if (display === '') return address(email);
  const encoded = /^[\w ]*$/.test(display)
    ? display
    : isPlainText(display)
      ? quoteString(display)
      : encodeWords(display, 'Q', 52, true);
  return `${encoded} <${address(email)}>`;
}

/**
 * Addresses come validated from the pairing's form, the hospital's file or a check-in token; a
 * value that could break out of its header (a line break, brackets, a comma) is refused here
 * all the same, since it would otherwise become a header of its own.
 */
function address(value: string): string {
  if (!/^[^\s<>,;:"()[\]\\]+$/.test(value)) throw new Error('not a plain email address');
  return value;
}

function contentType(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('a content type is one line');
  return value;
}

function param(value: string): string {
  return /^[\w.-]+$/.test(value) ? value : quoteString(oneLine(value));
}

import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import busboy from 'busboy';
import { stringify } from 'csv-stringify/sync';
import { pageHeaders } from '#templates/layout';

export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string };

export function jsonResponse(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: JSON.stringify(body),
  };
}

export function htmlResponse(statusCode: number, html: string): HttpResult {
  return { statusCode, headers: { ...pageHeaders }, body: html };
}

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name.toLowerCase()];
}

export function rawBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export class BadRequestError extends Error {}

/** JSON body, or a 400 that says why it could not be read. */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const type = header(event, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new BadRequestError('Send the request as Content-Type: application/json');
  }
  try {
    return JSON.parse(rawBody(event));
  } catch {
    throw new BadRequestError('The body is not valid JSON');
  }
}

/** A form post's fields; repeated names (checkboxes) keep every value. */
export function formBody(event: APIGatewayProxyEventV2): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(rawBody(event))) {
    const existing = fields[name];
    fields[name] = existing === undefined ? value : [existing, value].flat();
  }
  return fields;
}

export function pathParameter(event: APIGatewayProxyEventV2, name: string): string {
  const raw = event.pathParameters?.[name] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Whether a given secret (an admin key) equals the expected one, in constant time; no key, no match. */
export function sameSecret(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A `multipart/form-data` post (a file upload) read with busboy: text fields, and files as the
 * bytes sent (their encoding is decided later, by `decodeUploadedText`). A file over
 * `maxFileBytes` is a 400, never a partial read.
 */
export function multipartBody(
  event: APIGatewayProxyEventV2,
  maxFileBytes: number,
): Promise<Upload> {
  // Read once per request: the admin guard reads the CSRF field, the route then the file.
  let upload = uploads.get(event);
  if (!upload) {
    upload = readMultipart(event, maxFileBytes);
    uploads.set(event, upload);
  }
  return upload;
}

interface Upload {
  fields: Record<string, string>;
  files: Record<string, Buffer>;
}

const uploads = new WeakMap<APIGatewayProxyEventV2, Promise<Upload>>();

function readMultipart(event: APIGatewayProxyEventV2, maxFileBytes: number): Promise<Upload> {
  const type = header(event, 'content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type))
    return Promise.reject(new BadRequestError('Send the file as multipart/form-data'));
  const body = bodyBytes(event);
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const files: Record<string, Buffer> = {};
    const parser = busboy({
      headers: { 'content-type': type },
      limits: { files: 1, fileSize: maxFileBytes },
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () =>
        reject(new BadRequestError(`The file is larger than ${maxFileBytes / 1_000_000} MB`)),
      );
      stream.on('end', () => {
        files[name] = Buffer.concat(chunks);
      });
    });
    parser.on('error', () => reject(new BadRequestError('The upload could not be read')));
    parser.on('close', () => resolve({ fields, files }));
    parser.end(body);
  });
}

/** The body's bytes, as sent (API Gateway base64-encodes what is not text). */
export function bodyBytes(event: APIGatewayProxyEventV2): Buffer {
  return event.body
    ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0);
}

/**
 * An uploaded text file by its real encoding, with the platform's TextDecoder (WHATWG
 * Encoding): UTF-8 with or without a byte-order mark, UTF-16 by its mark, and otherwise
 * Windows-1252 (what Excel on Windows saves as "CSV", a superset of Latin-1) when the bytes are
 * not valid UTF-8. Anything that still decodes to replacement or control characters is refused
 * with a message that says how to save the file, so no name is ever stored with U+FFFD.
 */
export function decodeUploadedText(
  bytes: Buffer,
): { ok: true; text: string; encoding: string } | { ok: false; message: string } {
  const saveAs =
    'Save the file as "CSV UTF-8 (Comma delimited)" (Excel: File › Save As) and upload it again.';
  let encoding: string;
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'UTF-16LE';
    text = new TextDecoder('utf-16le').decode(bytes);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'UTF-16BE';
    text = new TextDecoder('utf-16be').decode(bytes);
  } else {
    try {
      // TextDecoder drops a UTF-8 byte-order mark by itself.
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      encoding = 'UTF-8';
    } catch {
      text = new TextDecoder('windows-1252').decode(bytes);
      encoding = 'Windows-1252';
    }
  }
  // Control characters other than tab and line breaks (\p{Cc}), or the replacement character.
  if (/\ufffd|(?![\t\n\r])\p{Cc}/u.test(text))
    return {
      ok: false,
      message: `The file's characters could not be read as ${encoding}. ${saveAs}`,
    };
  return { ok: true, text, encoding };
}

/**
 * An uploaded CSV as text: a browser uploads the file (multipart, field `csv`), a script may post
 * it as text/csv; decoded by its real encoding (decodeUploadedText). A problem is a message to show.
 */
export async function uploadedCsv(
  event: APIGatewayProxyEventV2,
  maxBytes: number,
): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  let bytes: Buffer;
  try {
    bytes = /^text\/csv\b/i.test(header(event, 'content-type') ?? '')
      ? bodyBytes(event)
      : ((await multipartBody(event, maxBytes)).files.csv ?? Buffer.alloc(0));
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    return { ok: false, message: error.message };
  }
  const decoded = decodeUploadedText(bytes);
  return decoded.ok ? { ok: true, text: decoded.text } : decoded;
}

/**
 * A CSV download (`tandem-<hospital>-<name>.csv`). A cell starting with = + - @ is neutralised, so
 * the file is safe to open in a spreadsheet.
 */
export function csvResponse(
  hospitalId: string,
  name: string,
  rows: readonly (readonly unknown[])[],
  columns: readonly string[],
): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="tandem-${hospitalId}-${name}.csv"`,
      'cache-control': 'no-store',
    },
    body: stringify(rows as unknown[][], {
      header: true,
      escape_formulas: true,
      columns: [...columns],
    }),
  };
}

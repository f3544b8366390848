import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import busboy from 'busboy';
import { stringify } from 'csv-stringify/sync';
import { BadRequestError, type HttpResult, header } from './http-io.ts';

// Files in and out of the admin area: uploads (multipart), their text by its real encoding, and
// CSV downloads. Apart from http-io so that busboy and csv-stringify load with the admin area's
// chunk, not at the HTTP function's start.

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

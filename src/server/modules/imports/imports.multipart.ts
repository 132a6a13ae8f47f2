/**
 * A streaming reader of `multipart/form-data` uploads (RFC 7578): the file part goes straight to a file on disk chunk
 * by chunk (backpressure respected), short text fields are kept; the upload never sits in memory whatever its size.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export class MultipartError extends Error {
  override name = 'MultipartError';
}

export interface MultipartResult {
  fields: Record<string, string>;
  /** The file part written to `path`, if the form had one named `fileField`. */
  file?: { fileName: string; bytes: number };
}

/** The boundary of a `multipart/form-data` content type, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2])!.trim() : undefined;
}

const MAX_FIELD = 4096;
const MAX_HEADER = 8192;

/**
 * Reads a multipart body: the part named `fileField` is written to `path`, other parts (at most 4 KB each) are
 * returned as fields. Throws `MultipartError` when the body is not well formed or larger than `maxBytes`.
 */
export async function readMultipart(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
  fileField: string,
  path: string,
  maxBytes: number,
): Promise<MultipartResult> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buf: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done' = 'preamble';
  let total = 0;
  const fields: Record<string, string> = {};
  let file: MultipartResult['file'];
  let part: { name: string; fileName?: string; chunks: Buffer[]; size: number } | undefined;
  const out = createWriteStream(path);
  await once(out, 'open');

  const emit = async (data: Buffer) => {
    if (!part || data.length === 0) return;
    part.size += data.length;
    if (part.fileName !== undefined && part.name === fileField) {
      if (!out.write(data)) await once(out, 'drain');
    } else {
      if (part.size > MAX_FIELD) throw new MultipartError(`the form field "${part.name}" is too long`);
      part.chunks.push(data);
    }
  };
  const finishPart = () => {
    if (!part) return;
    if (part.fileName !== undefined && part.name === fileField) file = { fileName: part.fileName, bytes: part.size };
    else fields[part.name] = Buffer.concat(part.chunks).toString('utf8');
    part = undefined;
  };

  try {
    for await (const chunk of body) {
      total += chunk.length;
      if (total > maxBytes) throw new MultipartError(`the upload is larger than ${maxBytes} bytes`);
      buf = buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([buf, chunk]);
      for (;;) {
        if (state === 'preamble' || state === 'body') {
          const at = buf.indexOf(delimiter);
          if (at < 0) {
            // Keep the tail that could be the start of a delimiter; the rest is body.
            const keep = Math.min(buf.length, delimiter.length - 1);
            if (state === 'body') await emit(buf.subarray(0, buf.length - keep));
            buf = buf.subarray(buf.length - keep);
            break;
          }
          if (state === 'body') {
            await emit(buf.subarray(0, at));
            finishPart();
          }
          buf = buf.subarray(at + delimiter.length);
          state = 'after-delimiter';
        }
        if (state === 'after-delimiter') {
          if (buf.length < 2) break;
          if (buf[0] === 0x2d && buf[1] === 0x2d) {
            state = 'done';
            break;
          }
          const eol = buf.indexOf('\r\n');
          if (eol < 0) break;
          buf = buf.subarray(eol + 2); // transport padding, then CRLF
          state = 'headers';
        }
        if (state === 'headers') {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) {
            if (buf.length > MAX_HEADER) throw new MultipartError('a part header is too long');
            break;
          }
          const head = buf.subarray(0, end).toString('utf8');
          buf = buf.subarray(end + 4);
          const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
          const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
          if (name === undefined) throw new MultipartError('a part has no name');
          const fileName = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
          part = { name, chunks: [], size: 0, ...(fileName !== undefined ? { fileName } : {}) };
          state = 'body';
          continue;
        }
        if (state === 'done') break;
      }
      if (state === 'done') break;
    }
    if (state !== 'done') throw new MultipartError('the form ends before its closing boundary');
  } finally {
    out.end();
    await once(out, 'finish').catch(() => {});
  }
  return { fields, ...(file ? { file } : {}) };
}

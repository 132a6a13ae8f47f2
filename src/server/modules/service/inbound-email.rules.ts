/**
 * Pure rules of inbound email: is a mail automatic (an auto-reply, a bulk or list mail, a bounce), which case references
 * and Message-IDs it names, and whether an attachment may be kept. No I/O, so they are property-tested on their own.
 */

/** The text of a header as mailparser gives it (a string, an address object `{ text }`, or `{ value, params }`). */
export function headerText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(headerText).join(' ');
  if (typeof v === 'object') {
    const o = v as { text?: unknown; value?: unknown };
    if (typeof o.text === 'string') return o.text;
    if (typeof o.value === 'string') return o.value;
  }
  return String(v);
}

const AUTOMATED_PRECEDENCE = new Set(['bulk', 'junk', 'auto_reply', 'list']);
const DAEMON = /^(mailer-daemon|postmaster)$/i;

/**
 * Why a mail is automatic, or null for a person's mail. RFC 3834 `Auto-Submitted` other than `no`; `Precedence: bulk,
 * junk, auto_reply or list`; `X-Autoreply`/`X-Autorespond`; an empty return path (`<>`, the envelope of bounces) or a
 * MAILER-DAEMON/postmaster sender; a `multipart/report` (a delivery status notification).
 * `envelopeFrom`: the SMTP MAIL FROM when known (`''` for the null sender).
 */
export function automatedReason(
  headers: ReadonlyMap<string, unknown>,
  from: string | undefined,
  envelopeFrom?: string,
): string | null {
  const auto = headerText(headers.get('auto-submitted')).trim().toLowerCase().split(';')[0]?.trim() ?? '';
  if (auto !== '' && auto !== 'no') return `Auto-Submitted: ${auto}`;
  const precedence = headerText(headers.get('precedence')).trim().toLowerCase();
  if (AUTOMATED_PRECEDENCE.has(precedence)) return `Precedence: ${precedence}`;
  for (const h of ['x-autoreply', 'x-autorespond']) {
    const v = headerText(headers.get(h)).trim().toLowerCase();
    if (headers.has(h) && v !== 'no' && v !== 'false') return `${h}: ${v}`;
  }
  if (headers.has('return-path')) {
    const rp = headerText(headers.get('return-path')).replace(/[<>\s]/g, '');
    if (rp === '') return 'empty return path';
  }
  if (envelopeFrom !== undefined && envelopeFrom.replace(/[<>\s]/g, '') === '') return 'empty return path';
  const local = (from ?? '').split('@')[0] ?? '';
  if (DAEMON.test(local)) return `sent by ${local}`;
  const ct = headers.get('content-type');
  const type = (
    typeof ct === 'object' && ct && 'value' in ct ? String((ct as { value: unknown }).value) : headerText(ct)
  )
    .trim()
    .toLowerCase();
  if (type.startsWith('multipart/report')) return 'delivery status report';
  return null;
}

/** Message-IDs named in a header value (`<a@b> <c@d>`), in order, each with its angle brackets. */
export function messageIds(value: unknown): string[] {
  const text = Array.isArray(value) ? value.map(headerText).join(' ') : headerText(value);
  return [...text.matchAll(/<[^<>\s]+>/g)].map((m) => m[0]);
}

/** The case reference in a subject: `Re: [C-1042] Router` → `C-1042` (the last one when several). */
export function subjectReference(subject: string | undefined): string | undefined {
  const all = [...(subject ?? '').matchAll(/\[\s*C-(\d{1,12})\s*\]/gi)];
  const last = all.at(-1);
  return last ? `C-${Number(last[1])}` : undefined;
}

/** The case reference in a recipient on the inbound domain: `c-1042@help.example.com` → `C-1042`. */
export function recipientReference(addresses: string[], domain: string | undefined): string | undefined {
  if (!domain) return undefined;
  for (const a of addresses) {
    const m = /^c-(\d{1,12})(?:\+[^@]*)?@(.+)$/i.exec(a.trim());
    if (m && m[2]!.toLowerCase() === domain.toLowerCase()) return `C-${Number(m[1])}`;
  }
  return undefined;
}

/** Types kept from inbound mail: images, PDF, plain text and CSV, office documents. Everything else is refused. */
export const ALLOWED_ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
] as const;

/** Extensions refused whatever type the sender declared (programs and scripts, and HTML that would run in a browser). */
const BLOCKED_EXTENSIONS =
  /\.(exe|com|bat|cmd|scr|pif|msi|msp|dll|js|mjs|jse|vbs|vbe|wsf|wsh|ps1|psm1|jar|sh|app|lnk|hta|cpl|reg|iso|img|html?|svg|xhtml)$/i;

/** Magic bytes a declared type must start with, where the type has them. */
const SIGNATURES: Record<string, number[][]> = {
  'image/png': [[0x89, 0x50, 0x4e, 0x47]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/gif': [[0x47, 0x49, 0x46, 0x38]],
  'application/pdf': [[0x25, 0x50, 0x44, 0x46]],
};

/** null when the attachment may be kept; else why it is refused. */
export function attachmentRefusal(
  a: { filename: string; contentType: string; size: number; head: Uint8Array },
  maxBytes: number,
): string | null {
  if (a.size > maxBytes) return `larger than ${maxBytes} bytes`;
  const type = a.contentType.toLowerCase().split(';')[0]!.trim();
  if (BLOCKED_EXTENSIONS.test(a.filename)) return 'a file of this kind is not accepted';
  if (!(ALLOWED_ATTACHMENT_TYPES as readonly string[]).includes(type)) return `type ${type} is not accepted`;
  const sigs = SIGNATURES[type];
  if (sigs && !sigs.some((sig) => sig.every((b, i) => a.head[i] === b))) return `content is not ${type}`;
  return null;
}

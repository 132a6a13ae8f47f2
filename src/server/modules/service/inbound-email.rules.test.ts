import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attachmentRefusal,
  automatedReason,
  messageIds,
  recipientReference,
  subjectReference,
} from './inbound-email.rules.ts';

const PERSON_HEADERS = new Map<string, unknown>([
  ['content-type', { value: 'multipart/alternative', params: {} }],
  ['auto-submitted', 'no'],
  ['return-path', { value: [{ address: 'ada@example.com', name: '' }], text: 'ada@example.com' }],
]);

describe('automatic mail', () => {
  it('a person’s mail is not automatic', () => {
    expect(automatedReason(PERSON_HEADERS, 'ada@example.com', 'ada@example.com')).toBeNull();
    expect(automatedReason(new Map(), 'ada@example.com')).toBeNull();
  });

  it('each RFC 3834 and bounce marker makes a mail automatic, whatever else the mail says', () => {
    const markers: [string, unknown][] = [
      ['auto-submitted', 'auto-replied'],
      ['auto-submitted', 'auto-generated; owner-email="x@y"'],
      ['precedence', 'bulk'],
      ['precedence', 'junk'],
      ['precedence', 'auto_reply'],
      ['precedence', 'list'],
      ['x-autoreply', 'yes'],
      ['return-path', { value: [{ address: '', name: '' }], text: '' }],
      ['content-type', { value: 'multipart/report', params: { 'report-type': 'delivery-status' } }],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...markers),
        fc.dictionary(fc.constantFrom('subject', 'x-mailer', 'list-help', 'received'), fc.string()),
        ([name, value], other) => {
          const headers = new Map<string, unknown>([...Object.entries(other), [name, value]]);
          expect(automatedReason(headers, 'ada@example.com')).not.toBeNull();
        },
      ),
    );
    expect(automatedReason(new Map(), 'MAILER-DAEMON@mx.example.com')).toMatch(/MAILER-DAEMON/);
    expect(automatedReason(new Map(), 'ada@example.com', '')).toBe('empty return path');
    expect(automatedReason(new Map([['precedence', 'first-class']]), 'ada@example.com')).toBeNull();
  });
});

describe('references', () => {
  it('finds the case reference in any reply subject, and Message-IDs in headers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom('', 'Re: ', 'AW: ', 'Fwd: Re: '),
        (n, prefix) => {
          expect(subjectReference(`${prefix}[C-${n}] Printer jams`)).toBe(`C-${n}`);
        },
      ),
    );
    expect(subjectReference('Printer C-1042 jams')).toBeUndefined();
    expect(subjectReference(undefined)).toBeUndefined();
    expect(messageIds('<a@b> <c@d>\r\n <e@f>')).toEqual(['<a@b>', '<c@d>', '<e@f>']);
    expect(messageIds(['<a@b>', '<c@d>'])).toEqual(['<a@b>', '<c@d>']);
    expect(recipientReference(['c-1042@help.example.com'], 'help.example.com')).toBe('C-1042');
    expect(recipientReference(['c-1042@other.example.com'], 'help.example.com')).toBeUndefined();
  });
});

describe('attachments', () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
  it('keeps an allowed type within the size limit whose content matches its type', () => {
    expect(attachmentRefusal({ filename: 'shot.png', contentType: 'image/png', size: 6, head: png }, 100)).toBeNull();
    expect(attachmentRefusal({ filename: 'a.txt', contentType: 'text/plain', size: 6, head: png }, 100)).toBeNull();
  });
  it('refuses too big, a type not allowed, a program by its name, and content that is not its declared type', () => {
    expect(attachmentRefusal({ filename: 'shot.png', contentType: 'image/png', size: 101, head: png }, 100)).toMatch(
      /larger/,
    );
    expect(
      attachmentRefusal({ filename: 'x.bin', contentType: 'application/octet-stream', size: 6, head: png }, 100),
    ).toMatch(/not accepted/);
    expect(
      attachmentRefusal({ filename: 'invoice.pdf.exe', contentType: 'application/pdf', size: 6, head: png }, 100),
    ).toMatch(/not accepted/);
    expect(
      attachmentRefusal({ filename: 'fake.pdf', contentType: 'application/pdf', size: 6, head: png }, 100),
    ).toMatch(/not application\/pdf/);
  });
});

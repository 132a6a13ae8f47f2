import { describe, expect, it } from 'vitest';
import { pointerToPath, problemLabel } from './forms.ts';

describe('problem labels', () => {
  const fields = [
    { key: 'firstName', label: 'First name' },
    { key: 'companyId', label: 'Company' },
    { key: 'cf.source', label: 'Lead source' },
  ];

  it('names the field a person sees, never the JSON pointer', () => {
    expect(problemLabel('/firstName', fields)).toBe('First name');
    expect(problemLabel('/companyId', fields)).toBe('Company');
    expect(problemLabel('/address/country', fields)).toBe('Country');
    expect(problemLabel('/address/postalCode', fields)).toBe('Postal code');
    expect(problemLabel('/phones/1/number', fields)).toBe('Phone 2');
    expect(problemLabel('/emails/0/email', fields)).toBe('Email 1');
    expect(problemLabel('/customFields/source', fields)).toBe('Lead source');
    expect(problemLabel('/customFields/renewalDate', fields)).toBe('Renewal date');
  });

  it('reads a label from an unknown key, and none for the whole request', () => {
    expect(problemLabel('/creditLimit/amountMinor')).toBe('Credit limit');
    expect(problemLabel('/newPassword')).toBe('New password');
    expect(problemLabel('')).toBe('');
    expect(problemLabel('/')).toBe('');
  });

  it('unescapes pointers', () => {
    expect(pointerToPath('/customFields/a~1b')).toBe('customFields.a/b');
  });
});

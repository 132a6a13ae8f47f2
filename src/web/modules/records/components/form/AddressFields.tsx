import { TextInput } from '@mantine/core';
import { type Control, Controller, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import type { Address } from '../../../../api/types.ts';
import { CountrySelect } from '../../../../ui/CountrySelect.tsx';

type WithAddress = { address: Required<{ [K in keyof Address]: string }> };

export function AddressFields<T extends WithAddress>({
  register,
  control,
  errors,
  readOnly,
}: {
  register: UseFormRegister<T>;
  control: Control<T>;
  errors: FieldErrors<WithAddress>;
  readOnly: boolean;
}) {
  const reg = register as unknown as UseFormRegister<WithAddress>;
  const ctl = control as unknown as Control<WithAddress>;
  const e = errors.address;
  return (
    <>
      <TextInput label="Street address" readOnly={readOnly} error={e?.line1?.message} {...reg('address.line1')} />
      <TextInput label="Address line 2" readOnly={readOnly} error={e?.line2?.message} {...reg('address.line2')} />
      <TextInput label="City" readOnly={readOnly} error={e?.city?.message} {...reg('address.city')} />
      <TextInput label="Region or state" readOnly={readOnly} error={e?.region?.message} {...reg('address.region')} />
      <TextInput
        label="Postal code"
        readOnly={readOnly}
        error={e?.postalCode?.message}
        {...reg('address.postalCode')}
      />
      <Controller
        control={ctl}
        name="address.country"
        render={({ field }) => (
          <CountrySelect
            label="Country"
            placeholder="Type to search"
            ref={field.ref}
            name={field.name}
            value={field.value || null}
            onChange={(v) => field.onChange(v ?? '')}
            onBlur={field.onBlur}
            readOnly={readOnly}
            error={e?.country?.message}
          />
        )}
      />
    </>
  );
}

export function addressToForm(address: Address | null | undefined): WithAddress['address'] {
  return {
    line1: address?.line1 ?? '',
    line2: address?.line2 ?? '',
    city: address?.city ?? '',
    region: address?.region ?? '',
    postalCode: address?.postalCode ?? '',
    country: address?.country ?? '',
  };
}

export function addressToBody(address: WithAddress['address']): Address {
  const clean = (v: string) => (v.trim() ? v.trim() : null);
  return {
    line1: clean(address.line1),
    line2: clean(address.line2),
    city: clean(address.city),
    region: clean(address.region),
    postalCode: clean(address.postalCode),
    country: clean(address.country)?.toUpperCase() ?? null,
  };
}

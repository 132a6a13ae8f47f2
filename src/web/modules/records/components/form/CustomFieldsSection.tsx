import type { Control, FieldValues } from 'react-hook-form';
import type { FieldMeta } from '../../../../api/types.ts';
import { CustomFieldInput } from './CustomFieldInput.tsx';
import { FormSection } from './FormSection.tsx';

/** The workspace's custom fields of a record form ("More details"); nothing when the object has none. */
export function CustomFieldsSection<T extends FieldValues>({
  fields,
  control,
  currency,
  editable,
}: {
  fields: FieldMeta[];
  control: Control<T>;
  currency: string;
  editable: (field: FieldMeta) => boolean;
}) {
  if (fields.length === 0) return null;
  return (
    <FormSection legend="More details">
      {fields.map((field) => (
        <CustomFieldInput
          key={field.key}
          field={field}
          control={control}
          currency={currency}
          readOnly={!editable(field)}
        />
      ))}
    </FormSection>
  );
}

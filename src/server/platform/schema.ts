/** TypeBox helpers used across modules' schemas. */
import { type TUnsafe, Type } from 'typebox';

/** A string enum as JSON Schema `enum`, typed as the union of its values. */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
): TUnsafe<T[number]> => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

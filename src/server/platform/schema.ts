/** TypeBox helpers used across modules' schemas. */
import { type TInteger, type TUnsafe, Type } from 'typebox';

/** A string enum as JSON Schema `enum`, typed as the union of its values. */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
): TUnsafe<T[number]> => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/**
 * The largest money amount accepted, in minor units (10^15: ten trillion in a two-decimal currency). Exact as a double,
 * within PostgreSQL's bigint and SQLite's integer, so an amount is stored as sent or refused with a 400.
 */
export const MAX_MINOR_UNITS = 1_000_000_000_000_000;

/** An amount of money in integer minor units (cents), 0 to MAX_MINOR_UNITS. */
export const MinorUnits = (options: { description?: string } = {}): TInteger =>
  Type.Integer({ minimum: 0, maximum: MAX_MINOR_UNITS, description: 'Minor units (cents)', ...options });

import { type Static, type TSchema, Type } from 'typebox';
import { Money } from './deals.schemas.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Product = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    sku: Type.String(),
    unitPrice: Money,
    active: Type.Boolean(),
    description: Nullable(Type.String()),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'Product' },
);
export type Product = Static<typeof Product>;

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  sku: Type.String({ minLength: 1, maxLength: 64, description: 'Stock keeping unit, unique in the price list' }),
  unitPrice: Money,
  active: Type.Boolean(),
  description: Nullable(Type.String({ maxLength: 2000 })),
};

export const CreateProduct = Type.Object(
  {
    name: writable.name,
    sku: writable.sku,
    unitPrice: writable.unitPrice,
    active: Type.Optional(writable.active),
    description: Type.Optional(writable.description),
  },
  { additionalProperties: false },
);
export type CreateProduct = Static<typeof CreateProduct>;

export const UpdateProduct = Type.Partial(Type.Object(writable), { additionalProperties: false });
export type UpdateProduct = Static<typeof UpdateProduct>;

export const ProductsQuery = Type.Object(
  {
    includeInactive: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name or SKU' })),
  },
  { additionalProperties: false },
);
export type ProductsQuery = Static<typeof ProductsQuery>;

export const DealLineInput = Type.Object(
  {
    productId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    description: Type.Optional(
      Type.String({ maxLength: 500, description: "Free text; default the product's name (required without one)" }),
    ),
    quantity: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1_000_000_000,
      description: 'Units, up to three decimals (1.5 hours, 0.25 licences)',
    }),
    unitPrice: Type.Optional(Money),
    discountPercent: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100, description: 'Percent off the line, up to two decimals' }),
    ),
  },
  { additionalProperties: false, description: 'A product (its price unless unitPrice is given) or free text' },
);
export type DealLineInput = Static<typeof DealLineInput>;

export const ReplaceDealLines = Type.Object(
  { lines: Type.Array(DealLineInput, { maxItems: 200 }) },
  { additionalProperties: false },
);
export type ReplaceDealLines = Static<typeof ReplaceDealLines>;

export const DealLine = Type.Object(
  {
    id: Type.String(),
    productId: Nullable(Type.String()),
    product: Nullable(Type.Object({ id: Type.String(), name: Type.String(), sku: Type.String() })),
    description: Type.String(),
    quantity: Type.Number(),
    unitPrice: Money,
    discountPercent: Type.Number(),
    total: Money,
  },
  { title: 'DealLine' },
);
export type DealLine = Static<typeof DealLine>;

export const DealLines = Type.Object(
  {
    dealId: Type.String(),
    lines: Type.Array(DealLine),
    total: Nullable(Money),
    dealVersion: Type.Integer({
      description: "The deal's version (its ETag): send it as If-Match to replace the lines",
    }),
  },
  { title: 'DealLines' },
);
export type DealLines = Static<typeof DealLines>;

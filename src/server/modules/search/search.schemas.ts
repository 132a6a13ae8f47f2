/** Global search and screen pop: request and response schemas. */
import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';
import { ContextCard } from '../context-card/index.ts';
import { recordKinds } from '../kinds.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** The kinds the global search finds, from the registry (each declares `search`: its title, subtitle, indexed fields). */
export const SEARCH_KINDS: readonly string[] = recordKinds.kinds.filter((k) => k.searchable).map((k) => k.name);
export const MAX_SEARCH_LIMIT = 25;

export const SearchQuery = Type.Object({
  q: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Name, email, phone in any format, company domain, a case reference, an order or invoice number',
  }),
  kinds: Type.Optional(
    Type.String({
      maxLength: 200,
      description: `Comma-separated: ${SEARCH_KINDS.join(', ')} (default: every kind you may read)`,
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SEARCH_LIMIT, default: 10 })),
});
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchResult = Type.Object(
  {
    kind: StringEnum(SEARCH_KINDS),
    id: Type.String(),
    title: Type.String(),
    subtitle: Nullable(Type.String()),
    score: Type.Number({ description: 'Higher is better; results come best first' }),
    card: ContextCard,
  },
  { title: 'SearchHit' },
);
export type SearchResult = Static<typeof SearchResult>;

export const SearchResponse = Type.Object({ data: Type.Array(SearchResult) });

export const LookupQuery = Type.Object({
  phone: Type.Optional(
    Type.String({ minLength: 1, maxLength: 40, description: 'Any format; national numbers use the workspace country' }),
  ),
  email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
});
export type LookupQuery = Static<typeof LookupQuery>;

export const LookupMatch = Type.Object(
  {
    kind: StringEnum(SEARCH_KINDS),
    id: Type.String(),
    title: Type.String(),
    subtitle: Nullable(Type.String()),
    card: ContextCard,
  },
  { title: 'LookupMatch' },
);
export type LookupMatch = Static<typeof LookupMatch>;

export const LookupResponse = Type.Object(
  {
    query: Type.Object({
      phone: Type.Optional(Type.String()),
      email: Type.Optional(Type.String()),
      normalised: Type.String({ description: 'E.164 for a phone, lower-case for an email' }),
    }),
    matches: Type.Array(LookupMatch, { description: 'People with that phone or email, then their companies' }),
  },
  { title: 'LookupResult' },
);
export type LookupResponse = Static<typeof LookupResponse>;

import { api, apiUrl, postForm } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';

export type Import = components['schemas']['Import'];
export type ImportOptions = components['schemas']['ImportOptions'];
export type ImportDryRun = components['schemas']['ImportDryRun'];
export type ImportRejection = components['schemas']['ImportRejection'];
export type ImportKind = Import['kind'];
export type SavedMapping = components['schemas']['SavedImportMapping'];

/** Every kind a file can be imported as, in the order the upload form offers them. */
export const IMPORT_KINDS = [
  'people',
  'companies',
  'orders',
  'invoices',
  'payments',
] as const satisfies readonly ImportKind[];

export const importKey = (id: string) => ['imports', id] as const;

/** What the upload form accepts: CSV (and text), XLSX workbooks, vCard files. */
export const ACCEPTED_FILES =
  '.csv,.tsv,.txt,.xlsx,.vcf,.vcard,text/csv,text/vcard,text/x-vcard,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Uploads a file as a new import of `kind`: the answer has the detected format, encoding, delimiter, sheets, headers
 * and mapping.
 */
export function uploadImport(kind: ImportKind, file: File): Promise<Import> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', file, file.name);
  return postForm<Import>('/imports', form);
}

/** Reads another sheet of an uploaded workbook. */
export const chooseSheet = (id: string, sheet: string) =>
  api.patch<Import>(`/imports/${encodeURIComponent(id)}`, { sheet });

export const mappingsKey = (kind: ImportKind) => ['imports', 'mappings', kind] as const;
export const fetchMappings = (kind: ImportKind) => api.get<{ data: SavedMapping[] }>('/imports/mappings', { kind });
export const saveMapping = (kind: ImportKind, name: string, mapping: Record<string, string | null>) =>
  api.post<SavedMapping>('/imports/mappings', { kind, name, mapping });
export const deleteMapping = (id: string) => api.delete(`/imports/mappings/${encodeURIComponent(id)}`);

export const fetchImports = () => api.get<{ data: Import[] }>('/imports');
export const fetchImport = (id: string) => api.get<Import>(`/imports/${encodeURIComponent(id)}`);
export const dryRunImport = (id: string, options: ImportOptions) =>
  api.post<ImportDryRun>(`/imports/${encodeURIComponent(id)}/dry-run`, options);
export const runImport = (id: string, options: ImportOptions) =>
  api.post<Import>(`/imports/${encodeURIComponent(id)}/run`, options);
export const undoImport = (id: string) => api.post<Import>(`/imports/${encodeURIComponent(id)}/undo`);
export const fetchRejections = (id: string, phase: 'run' | 'dry-run') =>
  api.get<{ data: ImportRejection[] }>(`/imports/${encodeURIComponent(id)}/rejections`, { phase, limit: 100 });

/** The download link of the rejected rows (the API's own path, under /api/v1). */
export const rejectedCsvUrl = (id: string, phase: 'run' | 'dry-run') =>
  apiUrl(`/imports/${encodeURIComponent(id)}/rejected.csv`, phase === 'dry-run' ? { phase } : undefined);

export const KIND_LABELS: Record<ImportKind, { plural: string; singular: string }> = {
  people: { plural: 'People', singular: 'person' },
  companies: { plural: 'Companies', singular: 'company' },
  orders: { plural: 'Orders', singular: 'order' },
  invoices: { plural: 'Invoices', singular: 'invoice' },
  payments: { plural: 'Payments', singular: 'payment' },
};

/** The kinds an ERP's CSV export fills: written through the ERP sync, matched on the ERP's ids, never undone. */
export const ERP_KINDS = ['orders', 'invoices', 'payments'] as const satisfies readonly ImportKind[];
export const isErpKind = (kind: ImportKind): boolean => (ERP_KINDS as readonly string[]).includes(kind);

/**
 * Whether the user may import a kind: people and companies with their create permission; orders, invoices and
 * payments while the accounts module is on, with what the ERP sync needs (create and update on the kind).
 */
export function mayImport(
  me: { workspace: { modules: { accounts?: boolean } } },
  can: (object: string, action: string) => boolean,
  kind: ImportKind,
): boolean {
  if (!isErpKind(kind)) return can(kind, 'create');
  return Boolean(me.workspace.modules.accounts) && can(kind, 'create') && can(kind, 'update');
}

/**
 * What rows can be matched on, per kind (ERP kinds: always their ERP id). `erpId` is the companies' ERP id: sent as
 * `match: externalId` with `matchField: externalId` (see `matchOptions`).
 */
export type MatchChoice = NonNullable<ImportOptions['match']> | 'erpId';
export const MATCH_OPTIONS: Record<ImportKind, { value: MatchChoice; label: string }[]> = {
  people: [
    { value: 'none', label: 'Do not match: create every row' },
    { value: 'email', label: 'Email' },
    { value: 'phone', label: 'Phone' },
    { value: 'externalId', label: 'Rapport id (a Rapport export)' },
  ],
  companies: [
    { value: 'none', label: 'Do not match: create every row' },
    { value: 'domain', label: 'Domain' },
    { value: 'erpId', label: 'ERP id (customer number in your ERP)' },
    { value: 'externalId', label: 'Rapport id (a Rapport export)' },
  ],
  orders: [{ value: 'externalId', label: 'ERP id' }],
  invoices: [{ value: 'externalId', label: 'ERP id' }],
  payments: [{ value: 'externalId', label: 'ERP id' }],
};

/** The `match` and `matchField` options of a choice in the "Match rows by" list. */
export function matchOptions(choice: MatchChoice): Pick<ImportOptions, 'match' | 'matchField'> {
  return choice === 'erpId' ? { match: 'externalId', matchField: 'externalId' } : { match: choice };
}

import { type Static, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';
import { DELIMITERS, ENCODINGS } from './imports.csv.ts';
import { FORMATS } from './imports.formats.ts';

/** People and companies through their record kernels; orders, invoices and payments through the ERP sync. */
export const IMPORT_KINDS = ['people', 'companies', 'orders', 'invoices', 'payments'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_STATUSES = ['uploaded', 'running', 'succeeded', 'failed', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const MATCH_MODES = ['none', 'email', 'phone', 'domain', 'externalId'] as const;
export const UPDATE_MODES = ['fill-empty', 'overwrite', 'skip'] as const;
export const RUN_MODES = ['valid-rows', 'all-or-nothing'] as const;

export const ImportCounts = Type.Object(
  {
    total: Type.Integer({ description: 'Rows read (after the header): always created + updated + skipped + rejected' }),
    created: Type.Integer(),
    updated: Type.Integer(),
    skipped: Type.Integer({ description: 'Matched and left alone (update "skip", or nothing would change)' }),
    rejected: Type.Integer(),
  },
  { title: 'ImportCounts' },
);
export type ImportCounts = Static<typeof ImportCounts>;

export const Mapping = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 100 }), Type.Null()]), {
  description:
    'Each header of the file to a field key of the kind (custom fields as cf.<key>), or null to leave it out',
});

export const ImportOptions = Type.Object(
  {
    mapping: Mapping,
    match: Type.Optional(StringEnum(MATCH_MODES, { description: 'Default none' })),
    update: Type.Optional(StringEnum(UPDATE_MODES, { description: 'Default fill-empty' })),
    mode: Type.Optional(StringEnum(RUN_MODES, { description: 'Default valid-rows' })),
    matchField: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'With match "externalId": the mapped field holding it, `id` (a Rapport id) or `cf.<key>`',
      }),
    ),
  },
  { title: 'ImportOptions', additionalProperties: false },
);
export type ImportOptions = Static<typeof ImportOptions>;
export type RunOptions = Required<Omit<ImportOptions, 'matchField'>> & { matchField: string };

export const ImportTarget = Type.Object({ key: Type.String(), label: Type.String() }, { title: 'ImportTarget' });

export const Rejection = Type.Object(
  {
    row: Type.Integer({ description: 'Row of the file, the header being row 1' }),
    column: Type.Union([Type.String(), Type.Null()], { description: 'The header of the cell, null for the whole row' }),
    reason: Type.String(),
  },
  { title: 'ImportRejection' },
);
export type Rejection = Static<typeof Rejection>;

export const Import = Type.Object(
  {
    id: Type.String(),
    kind: StringEnum(IMPORT_KINDS),
    fileName: Type.String(),
    sizeBytes: Type.Integer(),
    format: StringEnum(FORMATS, { description: 'Detected from the content, then the file name' }),
    encoding: StringEnum(ENCODINGS),
    delimiter: Type.Union([StringEnum(DELIMITERS), Type.Null()], { description: 'CSV only' }),
    sheets: Type.Union([Type.Array(Type.String()), Type.Null()], {
      description: 'XLSX only: the workbook’s sheet names, in order',
    }),
    sheet: Type.Union([Type.String(), Type.Null()], { description: 'XLSX only: the sheet read' }),
    headers: Type.Array(Type.String()),
    mapping: Mapping,
    savedMapping: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()], {
      description: 'The saved mapping whose headers this file has, used as the suggested mapping',
    }),
    targets: Type.Array(ImportTarget, { description: 'What a header can be mapped to' }),
    options: Type.Union([ImportOptions, Type.Null()]),
    status: StringEnum(IMPORT_STATUSES),
    counts: ImportCounts,
    jobId: Type.Union([Type.String(), Type.Null()]),
    rejectedUrl: Type.String({ description: 'The rejected rows of the run as CSV (row, column, reason)' }),
    error: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    undoneAt: Type.Union([Type.String(), Type.Null()]),
    undoable: Type.Boolean({
      description: 'Whether a finished run of this kind can be undone (not orders, invoices or payments: see undoNote)',
    }),
    undoNote: Type.Union([Type.String(), Type.Null()], { description: 'Why this import cannot be undone' }),
  },
  { title: 'Import' },
);
export type Import = Static<typeof Import>;

export const DryRun = Type.Object(
  {
    counts: ImportCounts,
    rejections: Type.Array(Rejection, { description: 'The first 100 rejected rows; every one is in the download' }),
    rejectedUrl: Type.String({ description: 'Every rejected row of the dry run as CSV (row, column, reason)' }),
  },
  { title: 'ImportDryRun' },
);
export type DryRun = Static<typeof DryRun>;

export const SavedMappingInput = Type.Object(
  {
    kind: StringEnum(IMPORT_KINDS),
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    mapping: Mapping,
  },
  { title: 'SavedMappingInput', additionalProperties: false },
);
export type SavedMappingInput = Static<typeof SavedMappingInput>;

export const SavedMapping = Type.Object(
  {
    id: Type.String(),
    kind: StringEnum(IMPORT_KINDS),
    name: Type.String(),
    headers: Type.Array(Type.String(), { description: 'The headers it was saved from' }),
    mapping: Mapping,
    createdBy: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'SavedImportMapping' },
);
export type SavedMapping = Static<typeof SavedMapping>;

export const SheetInput = Type.Object(
  { sheet: Type.String({ minLength: 1, maxLength: 255, description: 'A sheet name from `sheets`' }) },
  { title: 'ImportSheetInput', additionalProperties: false },
);

export const UploadQuery = Type.Object({
  kind: Type.Optional(StringEnum(IMPORT_KINDS, { description: 'The kind, when not given as a form field' })),
  fileName: Type.Optional(Type.String({ maxLength: 255, description: 'For a raw text/csv body' })),
  sheet: Type.Optional(
    Type.String({ maxLength: 255, description: 'XLSX: the sheet to read (default the first), when not a form field' }),
  ),
});

export const RejectedQuery = Type.Object({
  phase: Type.Optional(StringEnum(['run', 'dry-run'] as const, { description: 'Default run' })),
});

import { Badge, Button, Card, FileInput, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import {
  ACCEPTED_FILES,
  fetchImports,
  IMPORT_KINDS,
  type Import,
  type ImportKind,
  isErpKind,
  KIND_LABELS,
  mayImport,
  uploadImport,
} from '../api/imports.ts';

const route = getRouteApi('/app/imports/new');

/** Step one of an import: choose what to import and the file; the server detects its encoding and columns. */
export function ImportNewPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const me = useMe();
  // Orders, invoices and payments only while the accounts module is on and the role may write them from the ERP.
  const kinds = IMPORT_KINDS.filter((k) => mayImport(me, (o, a) => can(me, o, a), k));
  const [kind, setKind] = useState<ImportKind>(
    search.kind && kinds.includes(search.kind) ? search.kind : (kinds[0] ?? 'people'),
  );
  const [file, setFile] = useState<File | null>(null);
  useDocumentTitle(`Import ${KIND_LABELS[kind].plural.toLowerCase()}`);
  const upload = useMutation({
    mutationFn: () => uploadImport(kind, file!),
    onSuccess: (imp) => void navigate({ to: '/imports/$importId', params: { importId: imp.id } }),
  });

  return (
    <Stack maw={720}>
      <PageHeader
        title={`Import ${KIND_LABELS[kind].plural.toLowerCase()}`}
        description={
          isErpKind(kind)
            ? `Bring in your ERP's or accounting package's export of ${KIND_LABELS[kind].plural.toLowerCase()} (CSV or Excel). Rows are written as the ERP sync writes them: keyed by the ERP's own ids, so importing the same file again changes nothing. Customers are named by their ERP id, so they must have come from the ERP first. Nothing is written until you run the import, and a dry run shows what each row would do first.`
            : "Bring in a CSV or Excel file exported from another CRM or a spreadsheet, or your phone's contacts as a vCard file. Nothing is written until you run the import, and a dry run shows what each row would do first."
        }
      />
      <Card withBorder padding="lg">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (file) upload.mutate();
          }}
        >
          <Stack>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="import-kind-label">
                What the file holds
              </Text>
              <SegmentedControl
                aria-labelledby="import-kind-label"
                value={kind}
                onChange={(v) => setKind(v as ImportKind)}
                data={kinds.map((k) => ({ value: k, label: KIND_LABELS[k].plural }))}
              />
            </Stack>
            <FileInput
              label="File"
              description={
                isErpKind(kind)
                  ? 'Any size. CSV (any encoding, separated by commas, semicolons, tabs or bars) or Excel workbook (.xlsx; you choose the sheet next), one row per record.'
                  : 'Any size. CSV (any encoding, separated by commas, semicolons, tabs or bars), Excel workbook (.xlsx; you choose the sheet next) or vCard (.vcf, one or many contacts).'
              }
              placeholder="Choose a file"
              accept={ACCEPTED_FILES}
              leftSection={<IconFileUpload size={16} aria-hidden />}
              value={file}
              onChange={setFile}
              clearable
            />
            {upload.error ? <ErrorAlert error={upload.error} title="The file cannot be imported" /> : null}
            <div>
              <Button type="submit" disabled={!file} loading={upload.isPending}>
                Upload and map columns
              </Button>
            </div>
          </Stack>
        </form>
      </Card>
      <RecentImports />
    </Stack>
  );
}

const STATUS_LABELS: Record<Import['status'], string> = {
  uploaded: 'Not run yet',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  undone: 'Undone',
};

/** The latest imports (yours; an admin's: everyone's), to map one uploaded earlier, see a result or undo it. */
function RecentImports() {
  const list = useQuery({ queryKey: ['imports'], queryFn: fetchImports });
  const rows = list.data?.data ?? [];
  if (rows.length === 0) return null;
  return (
    <Card component="section" withBorder padding="lg" aria-label="Recent imports">
      <Title order={2} size="h4" mb="sm">
        Recent imports
      </Title>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th>Of</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Rows</Table.Th>
            <Table.Th>Uploaded</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>
                <AnchorLink to="/imports/$importId" params={{ importId: i.id }} underline="always">
                  {i.fileName}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{KIND_LABELS[i.kind].plural}</Table.Td>
              <Table.Td>
                <Badge variant="light" color="gray">
                  {STATUS_LABELS[i.status]}
                </Badge>
              </Table.Td>
              <Table.Td>
                {i.status === 'uploaded'
                  ? '–'
                  : `${i.counts.created + i.counts.updated} written, ${i.counts.rejected} rejected`}
              </Table.Td>
              <Table.Td>{formatDateTime(i.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

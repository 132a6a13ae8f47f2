/**
 * Knowledge articles as a kind of record. Articles have no owner: every reader of the kind sees every article (the
 * portal sees only published public ones, through the knowledge service's own public reads).
 */
import { defineRecordKind } from '../../platform/records/kind.ts';
import { ARTICLE_STATUSES, ARTICLE_VISIBILITIES, ARTICLE_WRITABLE_FIELDS } from './articles.schemas.ts';

export const articlesKind = defineRecordKind({
  name: 'articles',
  label: 'Articles',
  singularLabel: 'Article',
  eventPrefix: 'article',
  table: 'articles',
  owned: false,
  customFields: false,
  searchable: true,
  cards: true,
  module: 'service',
  search: { title: ['title'], subtitle: ['category', 'status'], terms: ['category'] },
  defaultSort: '-updatedAt',
  fields: [
    { key: 'title', label: 'Title', type: 'text', column: 'title', notNull: true },
    { key: 'category', label: 'Category', type: 'text', column: 'category' },
    {
      key: 'visibility',
      label: 'Visibility',
      type: 'select',
      column: 'visibility',
      options: ARTICLE_VISIBILITIES,
      notNull: true,
    },
    { key: 'status', label: 'Status', type: 'select', column: 'status', options: ARTICLE_STATUSES, notNull: true },
    { key: 'tags', label: 'Tags', type: 'multiSelect', column: 'tags', sortable: false },
    { key: 'publishedAt', label: 'Published', type: 'datetime', column: 'published_at' },
    { key: 'createdAt', label: 'Created', type: 'datetime', column: 'created_at', notNull: true },
    { key: 'updatedAt', label: 'Updated', type: 'datetime', column: 'updated_at', notNull: true },
  ],
  fieldPaths: {},
  writable: ARTICLE_WRITABLE_FIELDS,
  auditOmit: ['id', 'bodyHtml', 'version', 'createdAt', 'updatedAt', 'deletedAt'],
  exportColumns: [
    { key: 'id', field: null },
    { key: 'title' },
    { key: 'category' },
    { key: 'visibility' },
    { key: 'status' },
    { key: 'publishedAt' },
    { key: 'tags' },
    { key: 'createdAt' },
    { key: 'updatedAt' },
  ],
  insertDefaults: { tags: '[]', related_article_ids: '[]', body: '' },
  summaryFields: ['title', 'status', 'visibility'],
  anchors: () => ({}),
});

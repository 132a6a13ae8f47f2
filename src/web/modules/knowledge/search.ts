/** `/knowledge` in the URL: the full-text search and the filters. */
export interface KnowledgeSearch {
  q?: string;
  status?: 'draft' | 'published';
  visibility?: 'internal' | 'public';
  category?: string;
}

export function validateKnowledgeSearch(raw: Record<string, unknown>): KnowledgeSearch {
  const out: KnowledgeSearch = {};
  if (typeof raw.q === 'string' && raw.q.trim()) out.q = raw.q.trim();
  if (raw.status === 'draft' || raw.status === 'published') out.status = raw.status;
  if (raw.visibility === 'internal' || raw.visibility === 'public') out.visibility = raw.visibility;
  if (typeof raw.category === 'string' && raw.category.trim()) out.category = raw.category.trim();
  return out;
}

/**
 * Activity bodies are rich text written in the browser or arriving from email. They are sanitised here, on the server,
 * before they are stored: a small allow-list of formatting tags, links only to http(s) and mailto, nothing else
 * (no scripts, styles, event handlers, images, iframes or inline CSS).
 */
import sanitizeHtml from 'sanitize-html';

const SAFE_HREF = /^\s*(https?:\/\/|mailto:)\S/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'ul', 'ol', 'li', 'a', 'blockquote', 'code', 'pre'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Links must name their scheme: relative and scheme-less hrefs (which sanitize-html would keep) are dropped too.
  transformTags: {
    a: (tagName, attribs) => {
      const kept: Record<string, string> = {};
      if (attribs.href !== undefined && SAFE_HREF.test(attribs.href)) kept.href = attribs.href.trim();
      return { tagName, attribs: kept };
    },
  },
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  // The text inside these is code or UI, never content: drop it with the tag.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'iframe', 'object', 'svg'],
  enforceHtmlBoundary: false,
};

/** The stored form of a body: safe HTML, or null when nothing is left. */
export function sanitizeBody(html: string | null | undefined): string | null {
  if (html === null || html === undefined) return null;
  const clean = sanitizeHtml(html, OPTIONS).trim();
  return clean === '' ? null : clean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text of a (sanitised) body, whitespace collapsed, at most `max` characters (ellipsis included). */
export function excerpt(html: string | null, max = 280): string | null {
  if (!html) return null;
  const spaced = html.replace(/<\/?(p|br|li|ul|ol|blockquote|pre)\b[^>]*>/gi, ' ');
  const text = sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} })
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return null;
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

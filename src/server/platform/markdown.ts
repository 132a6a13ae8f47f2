/**
 * Markdown written by a business (stage playbooks, case-type processes, knowledge articles) rendered to HTML that is
 * safe to show: `marked` parses it, then an allow-list keeps formatting, tables and http(s)/mailto links only (no raw
 * HTML, scripts, styles, event handlers or inline CSS survive).
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: false, async: false });

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'b',
    'strong',
    'i',
    'em',
    's',
    'del',
    'ul',
    'ol',
    'li',
    'a',
    'blockquote',
    'code',
    'pre',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'input',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    input: ['type', 'checked', 'disabled', 'aria-label'],
    th: ['align'],
    td: ['align'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'iframe', 'object', 'svg'],
  transformTags: {
    // Task-list checkboxes only (named, so a screen reader says what they are); any other input is dropped.
    input: (tagName, attribs) =>
      attribs.type === 'checkbox'
        ? {
            tagName,
            attribs: {
              type: 'checkbox',
              disabled: '',
              ...(attribs.checked !== undefined ? { checked: '' } : {}),
              'aria-label': attribs.checked !== undefined ? 'Done' : 'To do',
            },
          }
        : { tagName: '', attribs: {} },
  },
};

/** Safe HTML for a markdown text; null for null or blank input. */
export function renderMarkdown(markdown: string | null | undefined): string | null {
  if (!markdown?.trim()) return null;
  const html = marked.parse(markdown) as string;
  const clean = sanitizeHtml(html, OPTIONS).trim();
  return clean === '' ? null : clean;
}

import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('keeps formatting, lists, tables and safe links', () => {
    const html = renderMarkdown(
      '## Qualify\n\n1. Ask about **budget**\n2. [Script](https://example.com/s)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done',
    );
    expect(html).toContain('<h2>Qualify</h2>');
    expect(html).toContain('<strong>budget</strong>');
    expect(html).toContain('<a href="https://example.com/s">Script</a>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('<input type="checkbox" disabled checked aria-label="Done" /> done');
  });

  it('drops raw HTML, scripts, event handlers and unsafe link schemes', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) <b style="color:red" onclick="x()">b</b>',
    );
    expect(html).not.toMatch(/script|onerror|onclick|javascript:|style=|<img/i);
    expect(html).toContain('<b>b</b>');
  });

  it('answers null for blank input', () => {
    expect(renderMarkdown(null)).toBeNull();
    expect(renderMarkdown('  \n ')).toBeNull();
  });

  test.prop([fc.string({ maxLength: 300 })])('never lets an event handler or script through', (s) => {
    const html = renderMarkdown(`${s}<script>x</script><a href="javascript:x" onmouseover="y">z</a>`) ?? '';
    expect(html).not.toMatch(/<script|onmouseover=|href="javascript:/i);
  });
});

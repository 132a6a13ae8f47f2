/**
 * Ctrl+Enter (Cmd+Enter on a Mac) submits the form that has focus, from any field, including a multi-line one: the
 * forms used all day (log a call, edit a record, a task, a promise) are sent without reaching for the mouse.
 */
export function installSubmitShortcut(doc: Document = document): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) return;
    const target = event.target instanceof Element ? event.target : null;
    const form = target?.closest('form');
    if (!form) return;
    event.preventDefault();
    form.requestSubmit();
  };
  doc.addEventListener('keydown', onKeyDown);
  return () => doc.removeEventListener('keydown', onKeyDown);
}

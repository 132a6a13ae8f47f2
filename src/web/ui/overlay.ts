/**
 * True while a dialog, menu or dropdown is open: page-level shortcuts (Enter, Esc, j/k) leave the keys to it. Only
 * overlays on screen count: Mantine keeps a closed Select's option list in the page, hidden.
 */
export function overlayOpen(): boolean {
  for (const el of document.querySelectorAll('[role="dialog"], [role="menu"], [role="listbox"]')) {
    if (el.getClientRects().length > 0) return true;
  }
  return false;
}

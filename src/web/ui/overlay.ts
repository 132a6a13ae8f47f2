/** True while a dialog, menu or dropdown is open: page-level shortcuts (Enter, Esc, j/k) leave the keys to it. */
export function overlayOpen(): boolean {
  return Boolean(document.querySelector('[role="dialog"], [role="menu"], [role="listbox"]'));
}

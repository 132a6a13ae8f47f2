import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, type FieldProblem } from './client.ts';

/** `/emails/0/email` → `emails.0.email` (RFC 6901 unescaping of `~1` and `~0`). */
export function pointerToPath(pointer: string): string {
  return pointer
    .replace(/^#/, '')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/**
 * Puts the server's field errors on the react-hook-form fields they name. `isField` says which paths the form has;
 * the problems it cannot place are returned, for a form-level alert.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  isField: (path: string) => boolean,
): FieldProblem[] {
  if (!(error instanceof ApiError) || !error.errors?.length) return [];
  const unplaced: FieldProblem[] = [];
  let focused = false;
  for (const problem of error.errors) {
    const path = pointerToPath(problem.pointer);
    if (path && isField(path)) {
      setError(path as Path<T>, { type: 'server', message: problem.detail }, { shouldFocus: !focused });
      focused = true;
    } else {
      unplaced.push(problem);
    }
  }
  return unplaced;
}

import { useState } from 'react';
import type { FieldValues, Path, PathValue, UseFormReturn } from 'react-hook-form';
import { ApiError, type FieldProblem } from '../../../api/client.ts';
import { pointerToPath } from '../../../api/forms.ts';
import { dirtyKeys, knownPaths, resolveErrorPath } from '../form.ts';

export interface Saved<TRecord> {
  record: TRecord;
  etag: string | null;
}

/**
 * Submitting a record form: sends only what changed (with If-Match), maps the server's field errors onto the
 * fields, and on 412 offers "reload and re-apply" (fresh record underneath, the user's edits on top).
 */
export function useSaveRecord<TValues extends FieldValues, TRecord>({
  form,
  save,
  initialEtag,
  reload,
  onSaved,
}: {
  form: UseFormReturn<TValues>;
  save: (values: TValues, changed: (keyof TValues & string)[], ifMatch: string | null) => Promise<Saved<TRecord>>;
  initialEtag: string | null;
  reload?: () => Promise<{ values: TValues; etag: string | null }>;
  onSaved: (saved: Saved<TRecord>) => void | Promise<void>;
}) {
  const [etag, setEtag] = useState(initialEtag);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [focusSummary, setFocusSummary] = useState(false);
  const [stale, setStale] = useState(false);
  const [reapplying, setReapplying] = useState(false);

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    setProblems([]);
    try {
      const changed = dirtyKeys<TValues>(form.formState.dirtyFields as Partial<Record<keyof TValues, unknown>>);
      const saved = await save(values, changed, etag);
      setStale(false);
      if (saved.etag) setEtag(saved.etag);
      form.reset(values, { keepValues: true });
      await onSaved(saved);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 412) {
        setStale(true);
        return;
      }
      const known = knownPaths(form.getValues());
      const all = caught instanceof ApiError ? (caught.errors ?? []) : [];
      let focused = false;
      for (const problem of all) {
        const target = resolveErrorPath(pointerToPath(problem.pointer), known);
        if (target) {
          form.setError(
            target as Path<TValues>,
            { type: 'server', message: problem.detail },
            { shouldFocus: !focused },
          );
          focused = true;
        }
      }
      // The summary lists every problem (by label); focus is on the first invalid field, or on the summary.
      setProblems(all);
      setFocusSummary(!focused);
      setError(caught);
    }
  });

  const reapply = async () => {
    if (!reload) return;
    setReapplying(true);
    try {
      const mine = form.getValues();
      const changed = dirtyKeys<TValues>(form.formState.dirtyFields as Partial<Record<keyof TValues, unknown>>);
      const fresh = await reload();
      form.reset(fresh.values);
      for (const key of changed) {
        form.setValue(key as Path<TValues>, mine[key] as PathValue<TValues, Path<TValues>>, {
          shouldDirty: true,
        });
      }
      setEtag(fresh.etag);
      setStale(false);
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setReapplying(false);
    }
  };

  /** Takes the user to the field a problem names (from the error summary). */
  const pick = (problem: FieldProblem) => {
    const target = resolveErrorPath(pointerToPath(problem.pointer), knownPaths(form.getValues()));
    if (target) form.setFocus(target as Path<TValues>);
  };

  return {
    onSubmit,
    saving: form.formState.isSubmitting,
    error,
    problems,
    focusSummary,
    pick,
    stale,
    reapply,
    reapplying,
    setEtag,
  };
}

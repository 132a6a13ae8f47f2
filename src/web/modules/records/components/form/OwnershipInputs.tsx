import { TagsInput } from '@mantine/core';
import { type Control, Controller, type FieldValues, type Path } from 'react-hook-form';
import { TeamSelect } from '../pickers/TeamSelect.tsx';
import { UserSelect } from '../pickers/UserSelect.tsx';

type Ref = { id: string; name: string };
type Key = 'ownerId' | 'teamId' | 'tags';

/**
 * Owner, team and tags: the inputs every owned record's form shares (its values at `ownerId`, `teamId` and `tags`).
 * `shown` and `editable` apply the reader's field rules; `owner` and `team` name the current values for pickers that
 * cannot list every user or team.
 */
export function OwnershipInputs<T extends FieldValues>({
  control,
  shown,
  editable,
  owner,
  team,
}: {
  control: Control<T>;
  shown: (key: Key) => boolean;
  editable: (key: Key) => boolean;
  owner: Ref | null;
  team: Ref | null;
}) {
  return (
    <>
      {shown('ownerId') ? (
        <Controller
          control={control}
          name={'ownerId' as Path<T>}
          render={({ field, fieldState }) => (
            <UserSelect
              label="Owner"
              ref={field.ref}
              value={field.value}
              onChange={field.onChange}
              current={owner}
              readOnly={!editable('ownerId')}
              error={fieldState.error?.message}
            />
          )}
        />
      ) : null}
      {shown('teamId') ? (
        <Controller
          control={control}
          name={'teamId' as Path<T>}
          render={({ field, fieldState }) => (
            <TeamSelect
              label="Team"
              ref={field.ref}
              value={field.value}
              onChange={field.onChange}
              current={team}
              readOnly={!editable('teamId')}
              error={fieldState.error?.message}
            />
          )}
        />
      ) : null}
      {shown('tags') ? (
        <Controller
          control={control}
          name={'tags' as Path<T>}
          render={({ field, fieldState }) => (
            <TagsInput
              label="Tags"
              description="Press Enter after each tag"
              ref={field.ref}
              value={field.value}
              onChange={field.onChange}
              clearable
              readOnly={!editable('tags')}
              error={fieldState.error?.message}
            />
          )}
        />
      ) : null}
    </>
  );
}

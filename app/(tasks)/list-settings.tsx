'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ListView } from '../_lib/api-types';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { FormAlert } from '../_components/form-alert';

/** Rename (anyone), archive and delete (owners and admins) the list shown. */
export function ListSettings({ list, manager }: { list: ListView; manager: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'closed' | 'rename' | 'delete'>('closed');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.list.all.queryKey() });
  const done = { onSuccess: () => (setMode('closed'), refresh()) };
  const rename = useMutation(trpc.list.rename.mutationOptions(done));
  const archive = useMutation(trpc.list.archive.mutationOptions({ onSuccess: () => refresh() }));
  const remove = useMutation(trpc.list.delete.mutationOptions(done));
  const error = rename.error ?? archive.error ?? remove.error;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('value') ?? '');
    if (mode === 'rename') rename.mutate({ id: list.id, name: value });
    else remove.mutate({ id: list.id, confirmName: value });
  };

  return (
    <div className="list-settings stack">
      <div className="row">
        <button type="button" className="button button-ghost" onClick={() => setMode(mode === 'rename' ? 'closed' : 'rename')}>
          Rename list
        </button>
        {manager && (
          <>
            <button
              type="button"
              className="button button-ghost"
              onClick={() => archive.mutate({ id: list.id, archived: !list.archived })}
              disabled={archive.isPending}
            >
              {list.archived ? 'Restore list' : 'Archive list'}
            </button>
            <button
              type="button"
              className="button button-ghost button-danger"
              onClick={() => setMode(mode === 'delete' ? 'closed' : 'delete')}
            >
              Delete list
            </button>
          </>
        )}
      </div>
      {mode !== 'closed' && (
        <form
          method="post"
          onSubmit={submit}
          className="add-task"
          aria-label={mode === 'rename' ? 'Rename the list' : 'Delete the list'}
        >
          <label htmlFor="list-setting" className={mode === 'rename' ? 'visually-hidden' : undefined}>
            {mode === 'rename' ? 'List name' : `Type “${list.name}” to delete it and all its ${list.tasks} tasks`}
          </label>
          <input
            id="list-setting"
            name="value"
            defaultValue={mode === 'rename' ? list.name : ''}
            maxLength={100}
            autoComplete="off"
            required
          />
          <button type="submit" className={`button ${mode === 'delete' ? 'button-danger-solid' : 'button-primary'}`}>
            {mode === 'rename' ? 'Save name' : 'Delete for everyone'}
          </button>
        </form>
      )}
      <FormAlert message={error ? describeError(error).message : null} />
    </div>
  );
}

'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormAlert } from '../_components/form-alert';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';

/** Everything the account holds, downloaded as one JSON file. */
export function DataPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ pending: boolean; error: string | null }>({ pending: false, error: null });

  async function download() {
    setState({ pending: true, error: null });
    try {
      const data = await queryClient.fetchQuery({ ...trpc.account.exportData.queryOptions(), staleTime: 0 });
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `tasklane-data-${new Date().toISOString().slice(0, 10)}.json`;
      link.click();
      URL.revokeObjectURL(url);
      setState({ pending: false, error: null });
    } catch (error) {
      setState({ pending: false, error: describeError(error).message });
    }
  }

  return (
    <section className="panel stack" aria-labelledby="data-heading">
      <h2 id="data-heading">Your data</h2>
      <p className="muted">
        Your profile, organisations, sessions, second factors, the tasks you created and your security activity, as one JSON file.
      </p>
      <FormAlert message={state.error} />
      <div>
        <button type="button" className="button button-secondary" onClick={download} disabled={state.pending}>
          {state.pending && <span className="spinner" aria-hidden="true" />}
          {state.pending ? 'Preparing…' : 'Download your data'}
        </button>
      </div>
    </section>
  );
}

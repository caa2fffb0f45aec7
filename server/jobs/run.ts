import { isDuplicateKey } from '../store/db-errors';
import { withLock } from '../store/locks';
import type { Deps } from '../deps';

/**
 * A change that spans collections, as numbered steps. Each step must be safe to repeat: a run
 * that stops after a step's writes and before the step is recorded does it again.
 */
export interface JobDefinition<P> {
  kind: string;
  steps: readonly ((deps: Deps, params: P, jobId: string) => Promise<unknown>)[];
}

export type JobDeps = Deps & {
  /** Tests only: called after each recorded step, to stop the run there as a crash would. */
  afterJobStep?: (kind: string, step: number) => void | Promise<void>;
};

/**
 * Records the job (one per `subject` and kind: a second request finds the first), then runs it.
 * Whatever the run does not finish, the housekeeping does (finishJobs).
 */
export async function startJob<P>(deps: JobDeps, definition: JobDefinition<P>, subject: string, params: P): Promise<void> {
  const now = deps.clock();
  const key = `${definition.kind}:${subject}`;
  try {
    await deps.db.orm.jobs.create({
      key,
      kind: definition.kind,
      step: 0,
      params: JSON.stringify(params),
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const job = await deps.db.orm.jobs.where({ key }).select('_id').first();
  if (job) await runJob(deps, definition, String(job._id));
}

/**
 * Runs a job's remaining steps under its lock (renewed while it runs), recording each step as
 * it ends, and removes the job after the last. Another holder of the lock means another run:
 * with `wait: false` (the housekeeping) this one gives up at once with BUSY.
 */
export async function runJob<P>(
  deps: JobDeps,
  definition: JobDefinition<P>,
  jobId: string,
  { wait = true }: { wait?: boolean } = {},
): Promise<void> {
  await withLock(
    deps,
    `job:${jobId}`,
    async () => {
      const job = await deps.db.orm.jobs.where({ _id: jobId }).select('step', 'params').first();
      if (!job) return; // finished by another run
      const params = JSON.parse(job.params) as P;
      for (let step = job.step; step < definition.steps.length; step++) {
        await definition.steps[step]!(deps, params, jobId);
        await deps.db.orm.jobs.where({ _id: jobId }).update({ step: step + 1, updatedAt: deps.clock() });
        await deps.afterJobStep?.(definition.kind, step);
      }
      await deps.db.orm.jobs.where({ _id: jobId }).delete();
    },
    { wait },
  );
}

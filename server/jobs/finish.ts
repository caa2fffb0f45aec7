import { eraseAccountJob, eraseOrganisationJob } from '../account/erase';
import { isAppErrorCode } from '../errors';
import { removeMemberJob } from '../organisation/member-removal';
import { deleteListJob } from '../tasks/lists';
import { runJob, type JobDefinition, type JobDeps } from './run';

const DEFINITIONS: Record<string, JobDefinition<never>> = Object.fromEntries(
  [eraseAccountJob, eraseOrganisationJob, removeMemberJob, deleteListJob].map((d) => [d.kind, d as JobDefinition<never>]),
);

/**
 * Finishes every job whose run stopped (a crash, a lost database): run by the housekeeping of
 * every instance at each tick. A job whose lock is held is running elsewhere and is left to it.
 * Jobs are few and short-lived, so all of them are read. Returns how many this call finished.
 */
export async function finishJobs(deps: JobDeps): Promise<number> {
  let finished = 0;
  for (const job of await deps.db.orm.jobs.select('_id', 'kind').all()) {
    const definition = DEFINITIONS[job.kind];
    if (!definition) {
      deps.log.error('a job of an unknown kind waits', { jobId: String(job._id), kind: job.kind });
      continue;
    }
    try {
      await runJob(deps, definition, String(job._id), { wait: false });
      finished++;
    } catch (error) {
      if (isAppErrorCode(error, 'BUSY')) continue;
      deps.log.warn('finishing a job failed', { jobId: String(job._id), kind: job.kind, reason: (error as Error).message });
    }
  }
  return finished;
}

// Organization certificates: upload, activate/deactivate at org level, delete.
import type { ChangeOf } from '../../plan/types.js';
import { PlanExecutionError } from '../errors.js';
import { createOnce, removeOnce } from '../idempotent.js';
import { afterField, afterString, findIn, need, noted } from './fields.js';
import type { Executor, ExecutorTables, RunContext } from './types.js';

async function certificateId(change: ChangeOf<'org.certificate'>, run: RunContext): Promise<string> {
  return change.target.certificateId ?? run.registry.certificate(need(change, 'certificate'));
}

async function setActive(run: RunContext, id: string, active: boolean): Promise<string | undefined> {
  const done = await run.certificates.org(active ? 'activate' : 'deactivate', id);
  return done.note;
}

const upload: Executor<ChangeOf<'org.certificate'>> = async (change, run) => {
  const name = need(change, 'certificate');
  const content = afterString(change, 'content');
  const done = await createOnce(
    {
      attempt: () => run.api.uploadCertificate({ name, certificate: content }),
      check: () => findIn(run.api.listCertificates(), (c) => c.name === name),
    },
    run.sleep,
  );
  run.registry.remember('certificate', name, done.value.id);
  if (afterField(change, 'active') === true) await setActive(run, done.value.id, true);
  return noted(done);
};

const update: Executor<ChangeOf<'org.certificate'>> = async (change, run) => {
  const active = afterField(change, 'active');
  if (typeof active !== 'boolean') {
    throw new PlanExecutionError(`change ${change.address}: only "active" can change on an uploaded certificate (re-upload under a new name)`);
  }
  const note = await setActive(run, await certificateId(change, run), active);
  return note !== undefined ? { note } : undefined;
};

const remove: Executor<ChangeOf<'org.certificate'>> = async (change, run) => {
  const id = await certificateId(change, run);
  const done = await removeOnce(() => run.api.deleteCertificate(id));
  run.registry.forget('certificate', need(change, 'certificate'));
  return noted(done);
};

/** Per kind, one executor per action (src/kinds/ registers them). */
export const certificateExecutors = {
  'org.certificate': {
    create: upload,
    update: update,
    delete: remove,
  },
} satisfies ExecutorTables<'org.certificate'>;

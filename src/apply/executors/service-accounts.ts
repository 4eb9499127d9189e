// Project service accounts. The create answer carries the account's API key once:
// it goes from the answer straight to the secrets sink and is referenced nowhere else.
import { createOnce, removeOnce } from '../idempotent.js';
import { deliverSecret } from '../secrets-sink.js';
import type { SecretReceipt } from '../types.js';
import { findIn, need, noted, projectIdOf } from './fields.js';
import type { ChangeOf } from '../../plan/types.js';
import type { Executor, ExecutorTables } from './types.js';

interface Created {
  id: string;
  receipt?: SecretReceipt;
  /** True when found by re-reading after an ambiguous create: its key never reached us. */
  keyLost?: boolean;
  noKey?: boolean;
}

const createServiceAccount: Executor<ChangeOf<'project.service_account'>> = async (change, run) => {
  const project = need(change, 'project');
  const name = need(change, 'serviceAccount');
  const projectId = await projectIdOf(change, run);
  const done = await createOnce<Created>(
    {
      attempt: async () => {
        const created = await run.api.createProjectServiceAccount(projectId, { name });
        if (!created.api_key) return { id: created.id, noKey: true };
        // The create is not repeated: the account exists, only its key is left to keep.
        // deliverSecret retries the sink, then keeps the key in a fallback file.
        const secret = { project, projectId, name, id: created.id, key: created.api_key.value, createdAt: created.created_at };
        const receipt = await deliverSecret(run.secrets, secret, { sleep: run.sleep, logger: run.logger });
        return { id: created.id, receipt };
      },
      check: async () => {
        const found = await findIn(run.api.listProjectServiceAccounts(projectId), (a) => a.name === name);
        return found === undefined ? undefined : { id: found.id, keyLost: true };
      },
    },
    run.sleep,
  );
  const created = done.value;
  run.registry.remember(`serviceAccount:${projectId}`, name, created.id);
  if (created.receipt !== undefined) {
    const note = created.receipt.undelivered !== undefined ? `key NOT delivered, kept in ${created.receipt.location}` : `key delivered to ${created.receipt.location}`;
    return { secret: created.receipt, note, ...(created.receipt.warning !== undefined ? { warning: created.receipt.warning } : {}) };
  }
  const lost = `service account "${name}" in project "${project}" (${created.id}) exists but its key was never received (${
    created.keyLost === true ? 'the create answer was lost' : 'the API answered without a key'
  }); delete it and apply again to get a key`;
  return { ...noted(done), warning: lost };
};

const deleteServiceAccount: Executor<ChangeOf<'project.service_account'>> = async (change, run) => {
  const projectId = await projectIdOf(change, run);
  const name = need(change, 'serviceAccount');
  const id = change.target.serviceAccountId ?? (await run.registry.serviceAccount(projectId, name));
  const done = await removeOnce(() => run.api.deleteProjectServiceAccount(projectId, id));
  run.registry.forget(`serviceAccount:${projectId}`, name);
  return noted(done);
};

/** Per kind, one executor per action (src/kinds/ registers them). */
export const serviceAccountExecutors = {
  'project.service_account': {
    create: createServiceAccount,
    delete: deleteServiceAccount,
  },
} satisfies ExecutorTables<'project.service_account'>;

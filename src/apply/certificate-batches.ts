// Certificate activation and deactivation take a list of ids (spec: "activate up to 10
// certificates at a time", ToggleCertificatesRequest.certificate_ids maxItems 10). The plan
// holds one change per certificate; the changes of one wave start together, so the ids
// asked for in the same turn of the event loop are sent as one call per scope and
// direction (the client splits lists longer than 10). Fewer requests against tight
// per-endpoint limits (reference/API-NOTES.md).
import type { AdminApi } from '../api/admin-api.js';
import { updateOnce, type Done } from './idempotent.js';

type Direction = 'activate' | 'deactivate';

interface Batch {
  ids: Set<string>;
  done: Promise<Done<void>>;
}

export class CertificateBatches {
  private readonly open = new Map<string, Batch>();

  constructor(
    private readonly api: AdminApi,
    /** When a batch is sent; default setImmediate: after every change that started in this turn asked. */
    private readonly defer: (send: () => void) => void = (send) => setImmediate(send),
  ) {}

  /** Activates (or deactivates) at organization level, together with the other ids of this turn. */
  org(direction: Direction, certificateId: string): Promise<Done<void>> {
    return this.join(`org ${direction}`, certificateId, (ids) =>
      direction === 'activate' ? this.api.activateCertificates(ids) : this.api.deactivateCertificates(ids),
    );
  }

  /** Activates (or deactivates) for one project, together with that project's other ids of this turn. */
  project(direction: Direction, projectId: string, certificateId: string): Promise<Done<void>> {
    return this.join(`project ${projectId} ${direction}`, certificateId, (ids) =>
      direction === 'activate'
        ? this.api.activateProjectCertificates(projectId, ids)
        : this.api.deactivateProjectCertificates(projectId, ids),
    );
  }

  private join(key: string, id: string, send: (ids: string[]) => Promise<void>): Promise<Done<void>> {
    const pending = this.open.get(key);
    if (pending !== undefined) {
      pending.ids.add(id);
      return pending.done;
    }
    const ids = new Set([id]);
    const done = new Promise<Done<void>>((resolve, reject) => {
      this.defer(() => {
        this.open.delete(key);
        // Activation is a set operation: repeating it is harmless, so updateOnce is enough.
        updateOnce(() => send([...ids].sort())).then(resolve, reject);
      });
    });
    this.open.set(key, { ids, done });
    return done;
  }
}

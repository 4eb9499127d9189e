// Kind org.certificate: once per organization. src/kinds/types.ts says what each part means.
import { certificateExecutors } from '../apply/executors/certificates.js';
import { pages } from '../live/pages.js';
import { named, removalEffect } from './support.js';
import type { KindDescriptor } from './types.js';
import type { CertificateRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'org.certificate': { actions: 'create' | 'update' | 'delete'; target: CertificateRef; fields: { name: string; active: boolean; file: string; content: string } };
  }
}

export const orgCertificate: KindDescriptor<'org.certificate'> = {
  kind: 'org.certificate',
  scope: 'org',
  names: (t) => [named(t, 'certificate')],
  manifest: { document: 'Organization', key: 'certificates', by: 'src/manifest/build-org.ts buildOrganization' },
  live: {
    routes: ['/organization/certificates', '/organization/certificates/{certificate_id}'],
    // Import also fetches each certificate's PEM: one request per certificate.
    minimumRequests: (scope, counts) =>
      scope.certificates ? pages('/organization/certificates', counts.certificates) + (scope.certificateContent ? counts.certificates : 0) : 0,
    minimumByRoute: (scope, counts) =>
      scope.certificates
        ? {
            '/organization/certificates': pages('/organization/certificates', counts.certificates),
            '/organization/certificates/{certificate_id}': scope.certificateContent ? counts.certificates : 0,
          }
        : {},
    read: { by: 'src/live/read.ts readLiveState (GET /organization/certificates, and each content for import)' },
  },
  diff: { by: 'src/plan/diff-org.ts diffCertificates' },
  executors: certificateExecutors['org.certificate'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => live.org.certificates?.size ?? 0,
  },
  // certificates.activated / .deactivated name project activations too: mapped here (one kind per event type).
  audit: {
    orgEvents: ['certificate.created', 'certificate.updated', 'certificate.deleted', 'certificates.activated', 'certificates.deactivated'],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 0, removal: 10 },
  import: { by: 'src/import/build.ts organization (one PEM file per certificate)' },
  render: { area: { title: 'Certificates', rank: 1 } },
};

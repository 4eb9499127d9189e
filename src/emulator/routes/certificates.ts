// Certificates: uploaded to the organization, activated for the organization and/or
// projects. A certificate can be deleted only when inactive everywhere; activate and
// deactivate take at most 10 ids per call (reference).
import type { HandlerContext, RouteDef } from '../context.js';
import { bodyObject, cursorPage, LIMITS, optionalString, queryArray, requiredString, stringArray } from '../context.js';
import { badRequest, notFound } from '../http-error.js';
import { newId } from '../ids.js';
import { renderCertificate } from '../render.js';
import { nested } from '../store.js';
import type { CertificateRec } from '../types.js';
import { param, requireActiveProject, requireProject } from './lookup.js';

/** Reference: "You can atomically and idempotently (de)activate up to 10 certificates at a time." */
const MAX_IDS_PER_CALL = 10;
const YEAR = 365 * 24 * 3600;

function requireCertificate(ctx: HandlerContext, id = param(ctx, 'certificate_id')): CertificateRec {
  const cert = ctx.store.certificates.get(id);
  if (!cert) throw notFound('certificate', id);
  return cert;
}

function readIds(ctx: HandlerContext): CertificateRec[] {
  const ids = stringArray(bodyObject(ctx), 'certificate_ids');
  if (ids.length === 0 || ids.length > MAX_IDS_PER_CALL) {
    throw badRequest(`'certificate_ids' must hold between 1 and ${MAX_IDS_PER_CALL} ids.`, 'certificate_ids');
  }
  return ids.map((id) => requireCertificate(ctx, id));
}

function activeInAnyProject(ctx: HandlerContext, certId: string): boolean {
  for (const active of ctx.store.projectCertificates.values()) if (active.has(certId)) return true;
  return false;
}

function toggleOrg(active: boolean): RouteDef['handler'] {
  return (ctx) => {
    const certs = readIds(ctx);
    for (const cert of certs) cert.org_active = active;
    ctx.audit(active ? 'certificates.activated' : 'certificates.deactivated', { certificates: certs.map((c) => ({ id: c.id, name: c.name })) });
    return {
      object: active ? 'organization.certificate.activation' : 'organization.certificate.deactivation',
      data: certs.map((c) => renderCertificate(c, 'organization.certificate', { active })),
    };
  };
}

function toggleProject(active: boolean): RouteDef['handler'] {
  return (ctx) => {
    const project = requireActiveProject(ctx);
    const certs = readIds(ctx);
    const set = nested(ctx.store.projectCertificates, project.id, () => new Set<string>());
    for (const cert of certs) {
      if (active) set.add(cert.id);
      else set.delete(cert.id);
    }
    ctx.audit(
      active ? 'certificates.activated' : 'certificates.deactivated',
      { certificates: certs.map((c) => ({ id: c.id, name: c.name })) },
      project.id,
    );
    return {
      object: active ? 'organization.project.certificate.activation' : 'organization.project.certificate.deactivation',
      data: certs.map((c) => renderCertificate(c, 'organization.project.certificate', { active })),
    };
  };
}

export const certificateRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/v1/organization/certificates',
    handler: (ctx) =>
      cursorPage(
        [...ctx.store.certificates.values()],
        (c) => c.id,
        (c) => renderCertificate(c, 'organization.certificate', { active: c.org_active }),
        ctx.query,
        LIMITS.standard,
        // The spec's default order of certificate lists is desc.
        'desc',
      ),
  },
  {
    method: 'POST',
    path: '/v1/organization/certificates',
    handler: (ctx) => {
      const body = bodyObject(ctx);
      const content = requiredString(body, 'certificate');
      if (!content.includes('-----BEGIN CERTIFICATE-----')) throw badRequest("'certificate' must be a PEM-encoded X.509 certificate.", 'certificate');
      const now = ctx.now();
      const cert: CertificateRec = {
        id: newId('cert'),
        name: optionalString(body, 'name') ?? '',
        content,
        created_at: now,
        valid_at: now,
        expires_at: now + YEAR,
        org_active: false,
      };
      ctx.store.certificates.set(cert.id, cert);
      ctx.audit('certificate.created', { id: cert.id, name: cert.name });
      // Spec: `active` is not part of the `certificate` object (create, retrieve, modify examples).
      return renderCertificate(cert, 'certificate');
    },
  },
  { method: 'POST', path: '/v1/organization/certificates/activate', handler: toggleOrg(true) },
  { method: 'POST', path: '/v1/organization/certificates/deactivate', handler: toggleOrg(false) },
  {
    method: 'GET',
    path: '/v1/organization/certificates/{certificate_id}',
    handler: (ctx) => {
      const include = queryArray(ctx.query, 'include');
      // The spec's `include` items are an enum of one value.
      for (const value of include) if (value !== 'content') throw badRequest(`Invalid value for 'include': '${value}' (expected 'content').`, 'include');
      const includeContent = include.includes('content');
      const cert = requireCertificate(ctx);
      // Spec Certificate.active: "Not returned when getting details for a specific certificate."
      return renderCertificate(cert, 'certificate', { includeContent });
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/certificates/{certificate_id}',
    handler: (ctx) => {
      const cert = requireCertificate(ctx);
      cert.name = requiredString(bodyObject(ctx), 'name');
      ctx.audit('certificate.updated', { id: cert.id, name: cert.name });
      return renderCertificate(cert, 'certificate');
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/certificates/{certificate_id}',
    handler: (ctx) => {
      const cert = requireCertificate(ctx);
      if (cert.org_active || activeInAnyProject(ctx, cert.id)) {
        throw badRequest(`Certificate '${cert.id}' is active; deactivate it for the organization and every project first.`, 'certificate_id');
      }
      ctx.store.certificates.delete(cert.id);
      ctx.audit('certificate.deleted', { id: cert.id, name: cert.name, certificate: cert.content });
      return { object: 'certificate.deleted', id: cert.id };
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/certificates',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const active = ctx.store.projectCertificates.get(project.id) ?? new Set<string>();
      return cursorPage(
        [...ctx.store.certificates.values()],
        (c) => c.id,
        (c) => renderCertificate(c, 'organization.project.certificate', { active: active.has(c.id) }),
        ctx.query,
        LIMITS.standard,
        'desc',
      );
    },
  },
  { method: 'POST', path: '/v1/organization/projects/{project_id}/certificates/activate', handler: toggleProject(true) },
  { method: 'POST', path: '/v1/organization/projects/{project_id}/certificates/deactivate', handler: toggleProject(false) },
];

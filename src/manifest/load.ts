// loadManifests: files → YAML documents → schema → semantic checks → desired model.
// Every problem is collected (never stopping at the first) and positioned.
import { createHash } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CertificateReader } from './build.js';
import { buildDesired } from './build.js';
import type { Located, Manifest } from './documents.js';
import { gatherKnown } from './known.js';
import { decodeUtf8, formatBytes, isInside, listManifestFiles, readBounded, toPosix } from './files.js';
import { ProblemList } from './problems.js';
import { validateDocument } from './schema.js';
import type { LoadOptions, LoadResult } from './types.js';
import { parseManifestText, type SourceDocument } from './yaml-source.js';

/** 5 MiB: far above any real manifest, low enough that a stray dump is refused before it is read. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** yaml's own default; legitimate manifests use few aliases, bombs need many expansions. */
export const DEFAULT_MAX_ALIAS_COUNT = 100;

export async function loadManifests(configDir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const problems = new ProblemList();
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxAliasCount = options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT;
  const folder = { file: '.', line: 0, column: 0 };

  const root = await resolveFolder(configDir);
  if (typeof root !== 'string') {
    problems.error('config-folder', folder, root.message);
    return { ...problems.sorted(), files: [] };
  }

  const listed = await listManifestFiles(root, problems);
  if (listed.length === 0 && problems.errors.length === 0) {
    problems.error('no-manifests', folder, `no *.yaml or *.yml manifest found in "${configDir}"`);
  }
  const hash = createHash('sha256');
  const files: string[] = [];
  const documents: SourceDocument[] = [];
  for (const { file, real } of listed) {
    files.push(file);
    const whole = { file, line: 1, column: 1 };
    const read = await readBounded(real, maxFileBytes);
    if (!read.ok) {
      if (read.reason === 'too-large') {
        problems.error('file-too-large', whole, `file is ${formatBytes(read.size)}, over the ${formatBytes(maxFileBytes)} limit for a manifest; refusing to read it`);
      } else {
        problems.error('file-read', whole, `cannot read file: ${read.message}`);
      }
      continue;
    }
    const decoded = decodeUtf8(read.bytes);
    if (!decoded.ok) {
      problems.error('encoding', { file, line: decoded.line, column: decoded.column }, 'file is not valid UTF-8 text; save it as UTF-8');
      continue;
    }
    hash.update(file).update('\0').update(read.bytes).update('\0');
    documents.push(...parseManifestText(file, decoded.text, { maxAliasCount }, problems));
  }

  // Errors so far are files that could not be read or parsed: what they hold is unknown.
  const unreadable = problems.errors.length > 0;
  const located: Located[] = [];
  const invalid: SourceDocument[] = [];
  for (const document of documents) {
    if (validateDocument(document, problems)) located.push({ manifest: document.value as Manifest, source: document });
    else invalid.push(document);
  }

  const desired = await buildDesired(
    { documents: located, known: gatherKnown(located, invalid, unreadable), readCertificate: certificateReader(root, maxFileBytes), revision: options.revision ?? hash.digest('hex') },
    problems,
  );
  const sorted = problems.sorted();
  return { ...(desired && sorted.errors.length === 0 ? { desired } : {}), ...sorted, files };
}

async function resolveFolder(configDir: string): Promise<string | { message: string }> {
  try {
    const root = await realpath(configDir);
    if (!(await stat(root)).isDirectory()) return { message: `config path "${configDir}" is not a folder` };
    return root;
  } catch {
    return { message: `config folder "${configDir}" does not exist` };
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/;

/** Certificates: relative to the manifest, inside the config folder, PEM certificates only. */
export function certificateReader(root: string, maxBytes: number): CertificateReader {
  return async (manifestFile, file) => {
    const absolute = path.resolve(root, path.dirname(manifestFile), file);
    const relative = toPosix(path.relative(root, absolute));
    if (!isInside(root, absolute)) return { ok: false, message: `certificate file "${file}" is outside the config folder` };
    let real: string;
    try {
      real = await realpath(absolute);
    } catch {
      return { ok: false, message: `certificate file "${file}" not found (looked for ${relative} in the config folder)` };
    }
    if (!isInside(root, real)) return { ok: false, message: `certificate file "${file}" is a symbolic link leading outside the config folder` };
    const read = await readBounded(real, maxBytes);
    if (!read.ok) {
      return { ok: false, message: read.reason === 'too-large' ? `certificate file "${file}" is ${formatBytes(read.size)}, over the ${formatBytes(maxBytes)} limit` : `cannot read certificate file "${file}": ${read.message}` };
    }
    const decoded = decodeUtf8(read.bytes);
    if (!decoded.ok) return { ok: false, message: `certificate file "${file}" is not PEM text` };
    // Any armor naming a private key (PKCS#8, RSA, EC, OpenSSH, PGP … KEY BLOCK), whatever its case.
    if (/-----BEGIN [A-Za-z0-9 ]*PRIVATE KEY/i.test(decoded.text)) {
      return { ok: false, message: `certificate file "${file}" contains a private key; keep only the certificate in the repository` };
    }
    if (!PEM_CERTIFICATE.test(decoded.text)) {
      return { ok: false, message: `certificate file "${file}" is not a PEM certificate (expected a -----BEGIN CERTIFICATE----- block)` };
    }
    return { ok: true, file: relative, content: decoded.text };
  };
}

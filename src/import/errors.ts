import { OrgplaneError } from '../errors.js';

/** The import cannot write where it was asked to (folder not empty, not a folder, unwritable). */
export class ImportError extends OrgplaneError {}

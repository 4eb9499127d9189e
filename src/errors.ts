// The root of orgplane's small error hierarchy (ManifestError, ApiError, GuardRefusal…
// extend it in their own stage). `cause` keeps the chain without leaking request options.
export class OrgplaneError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

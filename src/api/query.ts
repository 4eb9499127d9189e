// Query strings the way OpenAI's official SDKs write them, which is what the live API is
// exercised with (reference/API-NOTES.md "Array query parameters"). The Node SDK (`openai`
// 7.60.0, internal/utils/query.ts) calls `qs.stringify(query, { arrayFormat: 'brackets' })`:
// every array goes as `name[]=a&name[]=b`, whatever the spec writes as the parameter's name
// (the spec says `project_ids[]`, `event_types[]`… on audit logs but `include`, `emails`,
// `project_ids`, `group_by`, `models` elsewhere; the SDK's params are all bare names). So
// callers pass the bare name and the brackets are added here, for every array. Nested objects
// (only the audit-log `effective_at`) go as `name[key]=v`, also qs's encoding; booleans as
// `true`/`false`; undefined values and empty arrays are left out, as qs leaves them.
export type QueryValue =
  | string
  | number
  | boolean
  | undefined
  | readonly (string | number)[]
  | { readonly [key: string]: string | number | boolean | undefined };

export type Query = Record<string, QueryValue>;

export function toSearchParams(query: Query): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number)[]) params.append(`${name}[]`, String(item));
    } else if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (inner !== undefined) params.append(`${name}[${key}]`, String(inner));
      }
    } else {
      params.append(name, String(value));
    }
  }
  return params;
}

/** `/organization/projects/{project_id}/users` + `{ project_id: 'p 1' }` → `/organization/projects/p%201/users`. */
export function fillRoute(route: string, params: Record<string, string>): string {
  return route.replace(/\{([a-z_]+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new Error(`missing path parameter ${name} for ${route}`);
    return encodeURIComponent(value);
  });
}

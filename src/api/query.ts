// Query strings as the Admin API reads them: arrays as `name[]=a&name[]=b` (the spec's
// `project_ids[]`, `event_types[]`, the `include[]=content` example, and the official SDKs'
// bracket format), nested objects as `name[key]=v` (`effective_at[gt]`), booleans as
// `true`/`false`. Undefined values are left out.
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

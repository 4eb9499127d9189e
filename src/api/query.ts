// Query strings as reference/openapi-admin.yaml names them. Its array parameters declare no
// `style`/`explode`, so they are OpenAPI's default (form, exploded): the parameter's name
// repeated, `name=a&name=b`, with the name taken LITERALLY from the spec. That name carries
// brackets only where the spec writes them (audit logs: `project_ids[]`, `event_types[]`,
// `actor_ids[]`, `actor_emails[]`, `resource_ids[]`); elsewhere it has none (`emails`,
// `include`, the usage/costs `project_ids`, `group_by`, `models`). So callers pass the
// spec's name as the key and nothing is appended here. Nested objects (only the audit-log
// `effective_at`) go as `name[key]=v` (`effective_at[gt]=…`), the encoding of the official
// SDKs; booleans as `true`/`false`. Undefined values are left out.
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
      for (const item of value as readonly (string | number)[]) params.append(name, String(item));
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

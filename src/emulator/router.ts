// Table-driven routing: each route's template compiles to a regex once; a request
// finds its route by method and path, and is counted under the template.
import type { Handler, RouteDef } from './context.js';

export interface CompiledRoute {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

export interface RouteMatch {
  route: CompiledRoute;
  params: Record<string, string>;
}

/** Templates with fewer parameters win, so `/certificates/activate` is not taken for `/certificates/{id}`. */
export function compileRoutes(routes: readonly RouteDef[]): CompiledRoute[] {
  const compiled = routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split('/')
      .map((segment) => {
        const name = /^\{(\w+)\}$/.exec(segment)?.[1];
        if (name === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        return '([^/]+)';
      })
      .join('/');
    return { method: route.method, template: route.path, pattern: new RegExp(`^${source}/?$`), names, handler: route.handler };
  });
  return compiled.sort((a, b) => a.names.length - b.names.length);
}

/** `undefined` when no template matches the path; `methodMismatch` when only the method is wrong. */
export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): RouteMatch | { methodMismatch: true } | undefined {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      pathMatched = true;
      continue;
    }
    const params: Record<string, string> = {};
    route.names.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] ?? '');
    });
    return { route, params };
  }
  return pathMatched ? { methodMismatch: true } : undefined;
}

import { problems } from "./problem";
import type { HttpMethod, RoutePath } from "./route";

interface CompiledPath {
  template: string;
  pattern: RegExp;
  names: string[];
}

export interface RouteMatch<R extends { spec: RoutePath }> {
  route: R;
  params: Record<string, string>;
}

/**
 * Matches a request to a route before anything else is checked, so an unknown
 * path answers 404 and a known path with another method 405, token or not.
 */
export class Router<R extends { spec: RoutePath }> {
  private readonly paths: { compiled: CompiledPath; byMethod: Map<HttpMethod, R> }[] = [];

  constructor(routes: readonly R[]) {
    for (const route of routes) {
      let entry = this.paths.find((p) => p.compiled.template === route.spec.path);
      if (!entry) {
        entry = { compiled: compile(route.spec.path), byMethod: new Map() };
        this.paths.push(entry);
      }
      entry.byMethod.set(route.spec.method, route);
    }
    // Literal segments win over parameters: `/v1/clients/search` before `/v1/clients/{clientId}`.
    this.paths.sort((a, b) => a.compiled.names.length - b.compiled.names.length);
  }

  /** Throws 404 or 405 problems; returns the route and its decoded path parameters. */
  match(method: string, path: string): RouteMatch<R> {
    for (const { compiled, byMethod } of this.paths) {
      const found = compiled.pattern.exec(path);
      if (!found) continue;
      const route = byMethod.get(method.toUpperCase() as HttpMethod);
      if (!route) throw problems.methodNotAllowed([...byMethod.keys()]);
      const params: Record<string, string> = {};
      compiled.names.forEach((name, i) => {
        params[name] = safeDecode(found[i + 1] ?? "");
      });
      return { route, params };
    }
    throw problems.notFound();
  }
}

function compile(template: string): CompiledPath {
  const names: string[] = [];
  const source = template
    .split("/")
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(param[1]!);
      return "([^/]+)";
    })
    .join("/");
  return { template, pattern: new RegExp(`^${source}/?$`), names };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

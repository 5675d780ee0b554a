import type { Route } from './route.ts';

interface Node {
  readonly children: Map<string, Node>;
  param?: { readonly name: string; readonly node: Node };
  readonly routes: Map<string, Route>;
}

function newNode(): Node {
  return { children: new Map(), routes: new Map() };
}

/** A match: the route and its decoded path parameters; or which methods the path allows. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'method_not_allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not_found' };

/**
 * A segment tree over the route table. Literal segments win over parameters, so
 * `/hosts/bulk-retire` is not taken for `/hosts/:hostId`. Matching costs one Map lookup per segment.
 */
export class Router {
  private readonly root = newNode();

  constructor(routes: readonly Route[]) {
    for (const r of routes) this.add(r);
  }

  private add(route: Route): void {
    let node = this.root;
    for (const seg of route.path.split('/').slice(1)) {
      if (seg.startsWith(':')) {
        const name = seg.slice(1);
        if (node.param === undefined) node.param = { name, node: newNode() };
        else if (node.param.name !== name)
          throw new Error(`route ${route.path}: parameter :${name} clashes with :${node.param.name}`);
        node = node.param.node;
      } else {
        let next = node.children.get(seg);
        if (next === undefined) {
          next = newNode();
          node.children.set(seg, next);
        }
        node = next;
      }
    }
    if (node.routes.has(route.method)) throw new Error(`route ${route.method} ${route.path} defined twice`);
    node.routes.set(route.method, route);
  }

  /** Matches a raw (still percent-encoded) path without its query. Throws URIError on bad escapes. */
  match(method: string, rawPath: string): RouteMatch {
    const segs = rawPath.split('/');
    const params: Record<string, string> = {};
    const node = this.walk(this.root, segs, 1, params);
    if (node === undefined || node.routes.size === 0) return { kind: 'not_found' };
    const route = node.routes.get(method);
    if (route === undefined) return { kind: 'method_not_allowed', allowed: [...node.routes.keys()] };
    return { kind: 'found', route, params };
  }

  private walk(node: Node, segs: string[], i: number, params: Record<string, string>): Node | undefined {
    if (i === segs.length) return node;
    const seg = segs[i] as string;
    const lit = node.children.get(seg);
    if (lit !== undefined) {
      const found = this.walk(lit, segs, i + 1, params);
      if (found !== undefined && found.routes.size > 0) return found;
    }
    if (node.param !== undefined && seg !== '') {
      params[node.param.name] = decodeURIComponent(seg);
      return this.walk(node.param.node, segs, i + 1, params);
    }
    return undefined;
  }
}

/** Where a token or node starts in the expression text (1-based line and column). */
export interface Pos {
  line: number;
  col: number;
}

/** A function call such as `avg(role(Blog:db, loadavg5))`; every expression is one. */
export interface CallNode {
  kind: 'call';
  name: string;
  args: ExprNode[];
  pos: Pos;
}

/** A string argument: a host id, service, role fullname, metric pattern or alias. */
export interface StringNode {
  kind: 'string';
  value: string;
  pos: Pos;
}

/** A numeric argument; `text` keeps the written form (`1/86400`) for legends. */
export interface NumberNode {
  kind: 'number';
  value: number;
  text: string;
  pos: Pos;
}

/** A duration argument such as `5m` or `3mo`, in seconds. */
export interface DurationNode {
  kind: 'duration';
  seconds: number;
  text: string;
  pos: Pos;
}

/** Any node of a parsed expression. */
export type ExprNode = CallNode | StringNode | NumberNode | DurationNode;

const BARE = /^[^\s(),'"]+$/;

/** Renders a node back to canonical text (`, ` between arguments); used for legends. */
export function formatExpr(node: ExprNode): string {
  switch (node.kind) {
    case 'call':
      return `${node.name}(${node.args.map(formatExpr).join(', ')})`;
    case 'string':
      if (BARE.test(node.value)) return node.value;
      return node.value.includes("'") ? `"${node.value}"` : `'${node.value}'`;
    case 'number':
    case 'duration':
      return node.text;
  }
}

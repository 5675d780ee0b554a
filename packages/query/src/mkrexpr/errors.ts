import { BadDataError } from '@saba/model';
import type { Pos } from './ast.ts';

/** A malformed expression or one that cannot be evaluated; the message ends with ` at line:col` when known. */
export class ExprError extends BadDataError {
  constructor(
    readonly detail: string,
    readonly pos?: Pos,
  ) {
    super(pos ? `${detail} at ${pos.line}:${pos.col}` : detail);
  }
}

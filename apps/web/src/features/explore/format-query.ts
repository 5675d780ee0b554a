// The explorer's Format button: the expression in PromQL's canonical form, from the same parser and
// printer the server uses (packages/query), so what it accepts here the server accepts too.
import { promql } from '@saba/query';

/** Where an error points (offsets into the text) and what it says: a parse error here, or the server's, as the editor marks it. */
export interface TextError {
  readonly from: number;
  readonly to: number;
  readonly message: string;
}

/** `text` in canonical form, or the parse error with the offsets it points at. */
export function formatQuery(text: string): { text: string } | { error: TextError } {
  try {
    return { text: promql.printExpr(promql.parseExpr(text)) };
  } catch (err) {
    if (!(err instanceof promql.PromQLParseError)) throw err;
    return { error: { from: err.pos.start, to: Math.max(err.pos.end, err.pos.start + 1), message: err.message } };
  }
}

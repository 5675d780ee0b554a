// The PromQL parser: recursive descent with precedence climbing for binary operators, then the type
// checks of check.ts. Pure (no Node imports) so the web editor can bundle it.
import type {
  AggregateExpr,
  AggregateOp,
  AtModifier,
  BinaryOp,
  Expr,
  LabelMatcher,
  MatchOp,
  PosRange,
  VectorMatching,
  VectorSelector,
} from './ast.ts';
import { checkExpr } from './check.ts';
import { PromQLParseError } from './errors.ts';
import { AGGREGATIONS, FUNCTIONS } from './functions.ts';
import { KEYWORDS, lex, type Token } from './lexer.ts';
import { parseDurationMs, parseNumber } from './number-literal.ts';
import { hasInvalidUtf8 } from './string-literal.ts';

/** Parser switches, mirroring Prometheus's feature flags. */
export interface ParseOptions {
  /** Accept experimental functions and `limitk`/`limit_ratio` (Prometheus: promql-experimental-functions). */
  experimentalFunctions?: boolean;
}

// Binding power of binary operators, loosest first, as in Prometheus; `^` alone is right-associative.
const PRECEDENCE: Record<BinaryOp, number> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  // Prometheus's docs do not rank the trim operators; they sit with `*` like the other histogram arithmetic.
  '</': 5,
  '>/': 5,
  '^': 6,
};
const POW_PRECEDENCE = 6;
const WORD_OPS = new Set(['and', 'or', 'unless', 'atan2']);
// Keywords that may still name a metric, as Prometheus's grammar allows (`on`, `bool`... may not).
const NAME_KEYWORDS = new Set(['by', 'without', 'offset', 'start', 'end', 'and', 'or', 'unless']);

/** Parses a PromQL expression into a type-checked tree; throws PromQLParseError with a position. */
export function parseExpr(input: string, options: ParseOptions = {}): Expr {
  const parser = new Parser(input, lex(input), options.experimentalFunctions ?? false);
  const expr = parser.parseTop();
  checkExpr(expr, input);
  return expr;
}

class Parser {
  private i = 0;

  constructor(
    private readonly input: string,
    private readonly tokens: Token[],
    private readonly experimental: boolean,
  ) {}

  parseTop(): Expr {
    if (this.peek().kind === 'eof') this.fail('no expression found in input', this.peek());
    const expr = this.parseBinary(0);
    const t = this.peek();
    if (t.kind !== 'eof') this.unexpected(t);
    return expr;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private isOp(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'op' && t.text === text;
  }

  private isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }

  private expectOp(text: string, context: string): Token {
    if (!this.isOp(text)) this.unexpected(this.peek(), context, JSON.stringify(text));
    return this.next();
  }

  private fail(detail: string, at: PosRange): never {
    throw new PromQLParseError(detail, at, this.input);
  }

  private unexpected(t: Token, context?: string, expected?: string): never {
    let detail = `unexpected ${describe(t)}`;
    if (context) detail += ` in ${context}`;
    if (expected) detail += `, expected ${expected}`;
    this.fail(detail, t);
  }

  private binaryOp(): BinaryOp | null {
    const t = this.peek();
    if (t.kind === 'op' && t.text in PRECEDENCE) return t.text as BinaryOp;
    if (t.kind === 'ident' && WORD_OPS.has(t.text.toLowerCase())) return t.text.toLowerCase() as BinaryOp;
    return null;
  }

  private parseBinary(minPrec: number): Expr {
    let lhs = this.parseUnary();
    for (;;) {
      const op = this.binaryOp();
      if (!op) return lhs;
      const prec = PRECEDENCE[op];
      if (prec < minPrec) return lhs;
      this.next();
      const { returnBool, matching } = this.parseBinModifiers();
      const rhs = this.parseBinary(op === '^' ? prec : prec + 1);
      lhs = { kind: 'BinaryExpr', op, lhs, rhs, returnBool, matching, pos: span(lhs.pos, rhs.pos) };
    }
  }

  private parseBinModifiers(): { returnBool: boolean; matching: VectorMatching } {
    const matching: VectorMatching = { card: 'one-to-one', on: false, labels: [], include: [] };
    let returnBool = false;
    if (this.isWord('bool')) {
      this.next();
      returnBool = true;
    }
    if (this.isWord('on') || this.isWord('ignoring')) {
      matching.on = this.next().text.toLowerCase() === 'on';
      matching.labels = this.parseGroupingLabels();
      if (this.isWord('group_left') || this.isWord('group_right')) {
        matching.card = this.next().text.toLowerCase() === 'group_left' ? 'many-to-one' : 'one-to-many';
        if (this.isOp('(')) matching.include = this.parseGroupingLabels();
      }
    }
    return { returnBool, matching };
  }

  // A unary sign binds like `*`: looser than `^`, so `-1^2` is -(1^2).
  private parseUnary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.next();
      const expr = this.parseBinary(POW_PRECEDENCE);
      const pos = { start: t.start, end: expr.pos.end };
      if (expr.kind === 'NumberLiteral') {
        return { ...expr, value: t.text === '-' ? -expr.value : expr.value, pos };
      }
      return { kind: 'UnaryExpr', op: t.text, expr, pos };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  // Range, subquery, `offset` and `@` bind tighter than any operator.
  private parsePostfix(start: Expr): Expr {
    let expr = start;
    for (;;) {
      if (this.isOp('[')) expr = this.parseRangeOrSubquery(expr);
      else if (this.isWord('offset')) expr = this.parseOffset(expr);
      else if (this.isOp('@')) expr = this.parseAt(expr);
      else return expr;
    }
  }

  private parseRangeOrSubquery(expr: Expr): Expr {
    const open = this.next();
    const range = this.parseDurationArg('subquery or range', 'number or duration');
    if (this.isOp(']')) {
      const close = this.next();
      if (expr.kind !== 'VectorSelector') this.fail('ranges only allowed for vector selectors', span(open, close));
      if (expr.offsetMs !== 0) this.fail('no offset modifiers allowed before range', span(open, close));
      if (expr.at) this.fail('no @ modifiers allowed before range', span(open, close));
      return { kind: 'MatrixSelector', selector: expr, rangeMs: range, pos: span(expr.pos, close) };
    }
    if (!this.isOp(':')) this.unexpected(this.peek(), 'subquery or range', '":" or "]"');
    this.next();
    let step = 0;
    if (!this.isOp(']')) step = this.parseDurationArg('subquery selector', 'number or duration or "]"');
    const close = this.expectOp(']', 'subquery selector');
    return {
      kind: 'SubqueryExpr',
      expr,
      rangeMs: range,
      stepMs: step,
      offsetMs: 0,
      at: null,
      pos: span(expr.pos, close),
    };
  }

  // A number (seconds) or a duration, in milliseconds.
  private parseDurationArg(context: string, expected: string): number {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      return Math.round(parseNumber(t.text) * 1000);
    }
    if (t.kind === 'duration') {
      this.next();
      return this.durationMs(t);
    }
    this.unexpected(t, context, expected);
  }

  private durationMs(t: Token): number {
    const ms = parseDurationMs(t.text);
    if (ms === null) this.fail(`not a valid duration string: ${JSON.stringify(t.text)}`, t);
    if (ms === 0) this.fail('duration must be greater than 0', t);
    return ms;
  }

  private parseOffset(expr: Expr): Expr {
    const kw = this.next();
    const negative = this.isOp('-');
    if (negative) this.next();
    const ms = this.parseDurationArg('offset', 'number or duration');
    const offsetMs = negative ? -ms : ms;
    const end = this.tokens[this.i - 1] as Token;
    const target = this.modifierTarget(expr, 'offset modifier', span(kw, end));
    if (target.offsetMs !== 0) this.fail('offset may not be set multiple times', span(kw, end));
    target.offsetMs = offsetMs;
    return this.extend(expr, end);
  }

  private parseAt(expr: Expr): Expr {
    const at = this.next();
    let modifier: AtModifier;
    if (this.isWord('start') || this.isWord('end')) {
      const which = this.next().text.toLowerCase() === 'start' ? 'start' : 'end';
      this.expectOp('(', '@');
      this.expectOp(')', '@');
      modifier = { kind: which };
    } else {
      let sign = 1;
      if (this.isOp('-') || this.isOp('+')) sign = this.next().text === '-' ? -1 : 1;
      const t = this.peek();
      if (t.kind !== 'number' && t.kind !== 'duration') this.unexpected(t, '@', 'timestamp');
      this.next();
      const seconds = sign * (t.kind === 'number' ? parseNumber(t.text) : this.durationMs(t) / 1000);
      // Prometheus keeps the time as int64 milliseconds.
      if (!Number.isFinite(seconds) || Math.abs(seconds) >= 9.223372036854776e18) {
        this.fail(`timestamp out of bounds for @ modifier: ${seconds}`, span(at, t));
      }
      modifier = { kind: 'timestamp', ms: Math.round(seconds * 1000) };
    }
    const end = this.tokens[this.i - 1] as Token;
    const target = this.modifierTarget(expr, '@ modifier', span(at, end));
    if (target.at) this.fail('@ <timestamp> may not be set multiple times', span(at, end));
    target.at = modifier;
    return this.extend(expr, end);
  }

  private modifierTarget(
    expr: Expr,
    what: string,
    at: PosRange,
  ): VectorSelector | Extract<Expr, { kind: 'SubqueryExpr' }> {
    if (expr.kind === 'VectorSelector' || expr.kind === 'SubqueryExpr') return expr;
    if (expr.kind === 'MatrixSelector') return expr.selector;
    this.fail(`${what} must be preceded by an instant vector selector or range vector selector or a subquery`, at);
  }

  private extend(expr: Expr, end: Token): Expr {
    expr.pos = { start: expr.pos.start, end: end.end };
    return expr;
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return { kind: 'NumberLiteral', value: parseNumber(t.text), duration: false, pos: span(t, t) };
      case 'duration':
        this.next();
        return { kind: 'NumberLiteral', value: this.durationMs(t) / 1000, duration: true, pos: span(t, t) };
      case 'string':
        this.next();
        return { kind: 'StringLiteral', value: t.value, pos: span(t, t) };
      case 'op':
        if (t.text === '(') {
          this.next();
          const expr = this.parseBinary(0);
          const close = this.expectOp(')', 'paren expression');
          return { kind: 'ParenExpr', expr, pos: span(t, close) };
        }
        if (t.text === '{') return this.parseSelector(null);
        return this.unexpected(t);
      case 'ident':
        return this.parseIdentifier(t);
      case 'eof':
        return this.unexpected(t);
    }
  }

  private parseIdentifier(t: Token): Expr {
    const lower = t.text.toLowerCase();
    const agg = AGGREGATIONS.get(lower);
    if (agg && (this.isOp('(', 1) || this.isWord('by', 1) || this.isWord('without', 1))) {
      return this.parseAggregate(lower as AggregateOp);
    }
    if (!agg && this.isOp('(', 1)) {
      this.next();
      const func = FUNCTIONS.get(t.text);
      if (!func) this.fail(`unknown function with name ${JSON.stringify(t.text)}`, t);
      if (func.experimental && !this.experimental) this.fail(`function ${JSON.stringify(t.text)} is not enabled`, t);
      const { args, close } = this.parseCallArgs();
      return { kind: 'Call', func, args, pos: span(t, close) };
    }
    if (KEYWORDS.has(lower) && !NAME_KEYWORDS.has(lower)) this.unexpected(t);
    return this.parseSelector(this.next());
  }

  private parseAggregate(op: AggregateOp): AggregateExpr {
    const opTok = this.next();
    if ((op === 'limitk' || op === 'limit_ratio') && !this.experimental) {
      this.fail('limitk() and limit_ratio() are experimental and must be enabled', opTok);
    }
    let grouping: string[] = [];
    let without = false;
    let modifierSeen = false;
    const readModifier = (): void => {
      if (this.isWord('by') || this.isWord('without')) {
        without = this.next().text.toLowerCase() === 'without';
        grouping = this.parseGroupingLabels();
        modifierSeen = true;
      }
    };
    readModifier();
    if (!this.isOp('(')) this.unexpected(this.peek(), 'aggregation', '"("');
    const { args, close } = this.parseCallArgs();
    let end: PosRange = close;
    if (!modifierSeen) {
      readModifier();
      if (modifierSeen) end = this.tokens[this.i - 1] as Token;
    }
    const pos = span(opTok, end);
    if (args.length === 0) this.fail('no arguments for aggregate expression provided', pos);
    const want = AGGREGATIONS.get(op)?.param ? 2 : 1;
    if (args.length !== want) {
      this.fail(
        `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`,
        pos,
      );
    }
    const expr = args[want - 1] as Expr;
    const param = want === 2 ? (args[0] as Expr) : null;
    return { kind: 'AggregateExpr', op, expr, param, grouping, without, pos };
  }

  private parseCallArgs(): { args: Expr[]; close: Token } {
    this.expectOp('(', 'function call');
    const args: Expr[] = [];
    if (this.isOp(')')) return { args, close: this.next() };
    for (;;) {
      args.push(this.parseBinary(0));
      if (this.isOp(')')) return { args, close: this.next() };
      if (!this.isOp(',')) this.unexpected(this.peek(), 'function call arguments', '"," or ")"');
      const comma = this.next();
      if (this.isOp(')')) this.fail('trailing commas not allowed in function call args', comma);
    }
  }

  private parseGroupingLabels(): string[] {
    this.expectOp('(', 'grouping opts');
    const labels: string[] = [];
    while (!this.isOp(')')) {
      const t = this.peek();
      if (t.kind === 'ident') labels.push(t.text);
      else if (t.kind === 'string') {
        if (t.value === '' || hasInvalidUtf8(t.value)) {
          this.fail(`invalid label name for grouping: ${JSON.stringify(t.value)}`, t);
        }
        labels.push(t.value);
      } else this.unexpected(t, 'grouping opts', 'label');
      this.next();
      if (this.isOp(',')) this.next();
      else if (!this.isOp(')')) this.unexpected(this.peek(), 'grouping opts', '"," or ")"');
    }
    this.next();
    return labels;
  }

  // `name`, `name{...}` or `{...}`; the metric name is also added as a `__name__` matcher.
  private parseSelector(nameTok: Token | null): VectorSelector {
    const matchers: LabelMatcher[] = [];
    const start = nameTok ?? this.peek();
    let end: PosRange = start;
    if (this.isOp('{')) {
      this.next();
      while (!this.isOp('}')) {
        matchers.push(this.parseMatcher());
        if (this.isOp(',')) this.next();
        else if (!this.isOp('}')) this.unexpected(this.peek(), 'label matching', '"," or "}"');
      }
      end = this.next();
    }
    const name = nameTok?.text ?? '';
    if (name) matchers.push({ name: '__name__', op: '=', value: name });
    return { kind: 'VectorSelector', name, matchers, offsetMs: 0, at: null, pos: span(start, end) };
  }

  private parseMatcher(): LabelMatcher {
    const t = this.peek();
    if (t.kind !== 'ident' && t.kind !== 'string') this.unexpected(t, 'label matching', 'identifier or "}"');
    this.next();
    const op = this.peek();
    if (op.kind !== 'op' || !['=', '!=', '=~', '!~'].includes(op.text)) {
      // A lone quoted string names the metric: `{"my.metric"}`.
      if (t.kind === 'string') return { name: '__name__', op: '=', value: t.value };
      this.unexpected(op, 'label matching', 'label matching operator');
    }
    this.next();
    const value = this.peek();
    if (value.kind !== 'string') this.unexpected(value, 'label matching', 'string');
    this.next();
    return { name: t.value, op: op.text as MatchOp, value: value.value };
  }
}

function span(a: PosRange, b: PosRange): PosRange {
  return { start: a.start, end: b.end };
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of input';
    case 'ident':
      return KEYWORDS.has(t.text.toLowerCase()) || AGGREGATIONS.has(t.text.toLowerCase())
        ? `<${t.text.toLowerCase()}>`
        : `identifier ${JSON.stringify(t.text)}`;
    case 'number':
      return `number ${JSON.stringify(t.text)}`;
    case 'duration':
      return `duration ${JSON.stringify(t.text)}`;
    case 'string':
      return `string ${JSON.stringify(t.text)}`;
    case 'op':
      return JSON.stringify(t.text);
  }
}

// Expression graphs (a Saba extension; spec features §3): the series a Mackerel graph expression
// gives over a window, for dashboard graph and value widgets. The API may not import the query
// engine (.dependency-cruiser.cjs), so the server hands the evaluator in as ApiDeps.evaluateExpression.
import { BadDataError } from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import type { Route } from '../http/route.ts';
import { parseRange } from './metric-read.ts';

/** The longest expression accepted: a graph's expression is a line or two, not a document. */
const MAX_EXPRESSION_CHARS = 4096;

/** `GET /api/v0/expression-graph?expression=&from=&to=`: `{"series":[{name, source, isStacked, points}]}`. */
export function expressionGraphRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v0/expression-graph',
      access: 'read',
      name: 'expression_graph.get',
      handler: async ({ principal, query }) => {
        const expression = query.get('expression') ?? '';
        if (expression.trim() === '') throw new BadDataError('query parameter "expression" is required');
        if (expression.length > MAX_EXPRESSION_CHARS)
          throw new BadDataError(`"expression" may be at most ${MAX_EXPRESSION_CHARS} characters`);
        const { from, to } = parseRange(query);
        if (deps.evaluateExpression === undefined)
          throw new BadDataError('expressions cannot be evaluated by this server');
        // A malformed expression throws the query engine's ExprError, a BadDataError: 400 with its position.
        const series = await deps.evaluateExpression(principal.orgId, expression, from, to);
        return {
          body: {
            series: series.map((s) => ({
              name: s.name,
              source: s.source,
              isStacked: s.stacked === true,
              points: s.points,
            })),
          },
        };
      },
    },
  ];
}

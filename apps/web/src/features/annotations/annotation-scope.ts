// Which annotations a graph shows (spec api §13, features §1.7): a service's metric graphs show
// all of the service's; a role's graphs the service-wide ones and those naming the role; a host's
// graphs those of its services that are service-wide or name one of its roles there.
import type { GraphAnnotation } from '../../api/services.ts';
import type { ChartBand } from '../graphs/bands.ts';

/** Whether `a` covers the whole service (no roles named). */
export function serviceWide(a: GraphAnnotation): boolean {
  return a.roles === undefined || a.roles.length === 0;
}

/** The bands of the annotations a graph shows: every one for the service's graphs, or those covering `role`. */
export function annotationBands(annotations: readonly GraphAnnotation[], role?: string): ChartBand[] {
  return annotations.filter((a) => role === undefined || serviceWide(a) || a.roles?.includes(role)).map(toBand);
}

/** The bands for a host's graphs: per service of the host, the annotations covering any of its roles there. */
export function hostAnnotationBands(
  annotations: readonly GraphAnnotation[],
  hostRoles: Readonly<Record<string, readonly string[]>>,
): ChartBand[] {
  return annotations
    .filter((a) => {
      const roles = hostRoles[a.service];
      return roles !== undefined && (serviceWide(a) || roles.some((r) => a.roles?.includes(r)));
    })
    .map(toBand);
}

function toBand(a: GraphAnnotation): ChartBand {
  return { id: a.id, title: a.title, description: a.description, from: a.from, to: a.to };
}

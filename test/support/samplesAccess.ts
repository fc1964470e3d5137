/**
 * The reference the cells path (io/sources/prometheusCells.ts) is compared with: the same metric
 * access as the service's, but every Prometheus metric read as one row per sample (the hints
 * without the evaluation's edges). File metrics are not read.
 */
import { resolvePrometheus, SourceMetricAccess, type PrometheusAccess } from '../../server/src/io/metricAccess';
import { isPrometheusSpec } from '../../server/src/engine/metrics/types';

export function samplesAccess(access: PrometheusAccess): SourceMetricAccess {
  return new SourceMetricAccess((_uri, spec, _zone, hints) => (isPrometheusSpec(spec)
    ? resolvePrometheus(spec, access, { ...hints, edges: undefined })
    : { ok: false, reason: 'invalid', message: 'only Prometheus metrics here' }));
}

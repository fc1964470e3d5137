/**
 * The `servers:` of `.model-sla.yaml` (spec §10): where a Prometheus metric's data is. Workspace
 * configuration, never part of the contract: the SLA names a server, this says where it is.
 *
 *   servers:
 *     prod:
 *       url: https://prometheus.example.com/prometheus   # a path prefix is kept (Mimir)
 *       headers: { X-Scope-OrgID: ml-platform }          # e.g. a Mimir / Cortex tenant
 *       tokenEnv: PROMETHEUS_TOKEN                       # bearer token from this environment variable
 *       timeout: 30s                                     # per request (default 30 s)
 *       maxSeries: 10000                                 # per selector (default 10,000)
 *       maxResponseMB: 64                                # per response (default 64)
 *       remoteRead: true                                 # the CLI reads samples by remote read (default true)
 *
 * A token is never written here: an `Authorization` header or credentials in the URL are refused
 * (they would end up in the repository); `tokenEnv` names where the token is.
 */
import { parseQuantity } from '../facts/quantities';

export interface PrometheusServer {
  name: string;
  /** The base URL without a trailing slash (`https://host/prometheus`). */
  url: string;
  headers: Record<string, string>;
  tokenEnv?: string;
  timeoutMs: number;
  maxSeries: number;
  maxResponseBytes: number;
  /** false: never a remote read (`/api/v1/read`), only the query API. */
  remoteRead?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_SERIES = 10_000;
export const DEFAULT_MAX_RESPONSE_MB = 64;

const KEYS = new Set(['url', 'headers', 'tokenEnv', 'timeout', 'maxSeries', 'maxResponseMB', 'remoteRead']);

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The servers of a parsed `.model-sla.yaml` `servers:` value; each entry with a problem is left out
 * and said (`problems`), and `refused` keeps why per name, for SLA119 on the metrics that name it.
 */
export function parseServers(raw: unknown, file = '.model-sla.yaml'): { servers: Map<string, PrometheusServer>; problems: string[]; refused: Map<string, string> } {
  const servers = new Map<string, PrometheusServer>();
  const problems: string[] = [];
  const refused = new Map<string, string>();
  if (raw === undefined || raw === null) return { servers, problems, refused };
  if (!isObj(raw)) return { servers, problems: [`${file}: \`servers\` must be a mapping of names to { url, headers, tokenEnv }`], refused };
  for (const [name, entry] of Object.entries(raw)) {
    const bad = (why: string) => { refused.set(name, why); problems.push(`${file}: server \`${name}\`: ${why}; the server is not configured`); };
    if (!isObj(entry)) { bad('expected a mapping with `url`'); continue; }
    const unknown = Object.keys(entry).filter((k) => !KEYS.has(k));
    if (unknown.length) problems.push(`${file}: server \`${name}\`: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')}`);
    if (typeof entry.url !== 'string' || entry.url.trim() === '') { bad('`url` is required (e.g. `https://prometheus.example.com`)'); continue; }
    let url: URL;
    try { url = new URL(entry.url.trim()); } catch { bad(`\`url\` is not a URL: ${JSON.stringify(entry.url)}`); continue; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') { bad(`\`url\` must be http or https, not ${url.protocol.replace(/:$/, '')}`); continue; }
    if (url.username || url.password) { bad('`url` holds credentials: put the token in an environment variable and name it with `tokenEnv` (a file in the repository is no place for a secret)'); continue; }
    if (url.search || url.hash) { bad('`url` must not have a query or fragment'); continue; }
    const headers: Record<string, string> = {};
    if (entry.headers !== undefined) {
      if (!isObj(entry.headers)) { bad('`headers` must be a mapping of header names to values'); continue; }
      let headerProblem = '';
      for (const [h, v] of Object.entries(entry.headers)) {
        if (/^(authorization|proxy-authorization|cookie)$/i.test(h)) { headerProblem = `the header \`${h}\` carries a secret: name the environment variable holding the token with \`tokenEnv\` instead`; break; }
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h)) { headerProblem = `\`${h}\` is not a header name`; break; }
        if (typeof v !== 'string' && typeof v !== 'number') { headerProblem = `the header \`${h}\` needs a text value`; break; }
        if (/[\r\n]/.test(String(v))) { headerProblem = `the header \`${h}\` has a line break in its value`; break; }
        headers[h] = String(v);
      }
      if (headerProblem) { bad(headerProblem); continue; }
    }
    if (entry.tokenEnv !== undefined && (typeof entry.tokenEnv !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(entry.tokenEnv))) {
      bad('`tokenEnv` must be the name of an environment variable (e.g. `PROMETHEUS_TOKEN`), not the token'); continue;
    }
    let timeoutMs = DEFAULT_TIMEOUT_MS;
    if (entry.timeout !== undefined) {
      const q = typeof entry.timeout === 'string' ? parseQuantity(entry.timeout, ['duration']) : undefined;
      if (!q?.ok || q.value.kind !== 'duration' || !(q.value.normalized > 0) || q.value.normalized > 600_000) { bad('`timeout` must be a duration between 1ms and 10m (e.g. `30s`)'); continue; }
      timeoutMs = q.value.normalized;
    }
    const positiveInt = (v: unknown, key: string, max: number): number | undefined => {
      if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max) return v;
      bad(`\`${key}\` must be a whole number from 1 to ${max.toLocaleString('en-US')}`);
      return undefined;
    };
    const maxSeries = entry.maxSeries === undefined ? DEFAULT_MAX_SERIES : positiveInt(entry.maxSeries, 'maxSeries', 1_000_000);
    if (maxSeries === undefined) continue;
    const maxMb = entry.maxResponseMB === undefined ? DEFAULT_MAX_RESPONSE_MB : positiveInt(entry.maxResponseMB, 'maxResponseMB', 4096);
    if (maxMb === undefined) continue;
    if (entry.remoteRead !== undefined && typeof entry.remoteRead !== 'boolean') { bad('`remoteRead` must be true or false'); continue; }
    servers.set(name, {
      name, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, headers,
      ...(typeof entry.tokenEnv === 'string' ? { tokenEnv: entry.tokenEnv } : {}),
      timeoutMs, maxSeries, maxResponseBytes: maxMb * 1024 * 1024,
      ...(entry.remoteRead === false ? { remoteRead: false } : {}),
    });
  }
  return { servers, problems, refused };
}

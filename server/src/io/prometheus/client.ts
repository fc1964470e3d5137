/**
 * The HTTP API of Prometheus and the stores that speak it (Thanos, Mimir, Cortex, VictoriaMetrics):
 * `/api/v1/query` (instant queries, here always of a plain range selector: raw samples), and
 * `/api/v1/series` / `/api/v1/labels` / `/api/v1/label/<name>/values` for the editor.
 *
 * Every request is bounded: a timeout (`timeout`, default 30 s), a cap on the response's size
 * (read as a stream, cut off past `maxResponseMB`), no redirects (a redirect to another host would
 * carry the token there; any redirect is reported instead), retries on 503 / 429 with backoff
 * (honouring Retry-After up to 10 s; 3 tries), and a clear message for each failure. Thanos is
 * asked for raw resolution and refuses partial answers (`max_source_resolution=0s`,
 * `partial_response=false`; other servers ignore these parameters). The token (from `tokenEnv`, or
 * the editor's secret storage) is sent as a bearer header and never appears in a message.
 */
import type { PrometheusServer } from '../../service/prometheusServers';
import { tokenEnvAllowed, tokenEnvRefusal } from './tokenEnv';

export class PrometheusError extends Error {
  constructor(
    message: string,
    /**
     * `unreachable` (network, DNS, TLS), `timeout`, `auth` (401/403), `server` (5xx), `query` (4xx:
     * the server refused the query), `unsupported` (an answer of another shape than the query's:
     * a store that speaks only part of PromQL), `too-large`, `aborted`.
     */
    readonly kind: 'unreachable' | 'timeout' | 'auth' | 'server' | 'query' | 'unsupported' | 'too-large' | 'aborted',
  ) {
    super(message);
  }
}

export interface RawSeries {
  labels: Record<string, string>;
  /** Epoch ms, increasing. */
  t: Float64Array;
  v: Float64Array;
}

export interface ClientOptions {
  /** The bearer token (read by the host from `tokenEnv` or secret storage); never logged. */
  token?: string;
  /** Retries after a 503/429 (default 3 tries in all). */
  tries?: number;
  /** Injected for tests: the wait between tries. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called per request (method and URL path with query, never a header): the trace channel. */
  trace?: (line: string) => void;
}

const defaultSleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(timer); reject(new PrometheusError('cancelled', 'aborted')); }, { once: true });
});

/** A sample value as the HTTP API writes it (`NaN`, `+Inf`, `-Inf` as words). */
const numberOf = (text: string): number => (text === 'NaN' ? NaN : text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text));

/** Seconds since the epoch as Prometheus reads `time=`: milliseconds exact (`1764547200.123`). */
export function promTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const rest = ms - s * 1000;
  return rest === 0 ? String(s) : `${s}.${String(rest).padStart(3, '0')}`;
}

/** A Prometheus timestamp (float seconds) as epoch ms, rounded to the millisecond it stands for. */
export function msOf(seconds: number): number {
  return Math.round(seconds * 1000);
}

function describeNetworkError(server: PrometheusServer, error: unknown): PrometheusError {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return new PrometheusError(`${server.name} (${server.url}) did not answer within ${server.timeoutMs / 1000} s (raise \`timeout\` in .model-sla.yaml if the server is slow)`, 'timeout');
  if (e?.name === 'AbortError') return new PrometheusError('cancelled', 'aborted');
  const code = e?.cause?.code ?? '';
  const why = code === 'ECONNREFUSED' ? 'connection refused (is it running, on that port?)'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'the host name does not resolve'
    : code === 'ECONNRESET' ? 'the connection was reset'
    : /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) ? `a TLS error (${code}): the server's certificate is not trusted here`
    : e?.cause?.message ?? e?.message ?? String(error);
  return new PrometheusError(`cannot reach ${server.name} (${server.url}): ${why}`, 'unreachable');
}

export class PrometheusClient {
  constructor(readonly server: PrometheusServer, private readonly options: ClientOptions = {}) {}

  /** GET `path` with `params`, JSON `data` of a `status: success` answer; bounded, retried on 503/429. */
  async get(path: string, params: Record<string, string | string[]>, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(`${this.server.url}${path}`);
    for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
    const { response, timeout } = await this.send(url, { method: 'GET', headers: { Accept: 'application/json' } }, signal);
    const text = await this.readBounded(response, timeout, signal);
    return this.dataOf(response, text);
  }

  /**
   * A request with the server's headers and token, the timeout and no redirects, retried on
   * 503/429 (Retry-After honoured up to 10 s): the response, its body not read yet.
   */
  async send(url: URL, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: Uint8Array<ArrayBuffer>; /** what a POST asks for, in the trace */ note?: string }, signal?: AbortSignal): Promise<{ response: Response; timeout: AbortSignal }> {
    const tries = this.options.tries ?? 3;
    const sleep = this.options.sleep ?? defaultSleep;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new PrometheusError('cancelled', 'aborted');
      this.options.trace?.(`${init.method} ${url.pathname}${url.search}${init.note ? ` ${init.note}` : ''}`);
      const headers: Record<string, string> = { ...init.headers, ...this.server.headers };
      if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
      const timeout = AbortSignal.timeout(this.server.timeoutMs);
      let response: Response;
      try {
        response = await fetch(url, { method: init.method, headers, ...(init.body ? { body: init.body } : {}), redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      } catch (error) {
        if (signal?.aborted) throw new PrometheusError('cancelled', 'aborted');
        throw describeNetworkError(this.server, error);
      }
      if ((response.status === 503 || response.status === 429) && attempt < tries) {
        await response.body?.cancel();
        const retryAfter = Number(response.headers.get('retry-after'));
        const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 10_000) : 250 * 2 ** (attempt - 1);
        await sleep(wait, signal);
        continue;
      }
      return { response, timeout };
    }
  }

  /** A network failure while a body is read, as the error the source reports. */
  streamError(error: unknown, timeout: AbortSignal, signal?: AbortSignal): PrometheusError {
    if (error instanceof PrometheusError) return error;
    if (signal?.aborted) return new PrometheusError('cancelled', 'aborted');
    if (timeout.aborted) return describeNetworkError(this.server, Object.assign(new Error('timeout'), { name: 'TimeoutError' }));
    return describeNetworkError(this.server, error);
  }

  private async readBounded(response: Response, timeout: AbortSignal, signal?: AbortSignal): Promise<string> {
    const declared = Number(response.headers.get('content-length'));
    const cap = this.server.maxResponseBytes;
    if (Number.isFinite(declared) && declared > cap) {
      await response.body?.cancel();
      throw this.tooLarge();
    }
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > cap) { await reader.cancel(); throw this.tooLarge(); }
        chunks.push(value);
      }
    } catch (error) {
      throw this.streamError(error, timeout, signal);
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.byteLength; }
    return new TextDecoder().decode(all);
  }

  /** `text` with the token blanked out. */
  private redact(text: string): string {
    const token = this.options.token;
    return token ? text.split(token).join('***') : text;
  }

  tooLarge(): PrometheusError {
    return new PrometheusError(`${this.server.name} answered with more than ${Math.round(this.server.maxResponseBytes / 1048576)} MB (\`maxResponseMB\`): narrow the selector`, 'too-large');
  }

  private dataOf(response: Response, text: string): unknown {
    const where = `${this.server.name} (${this.server.url})`;
    if (response.status >= 300 && response.status < 400) {
      throw new PrometheusError(`${where} answered with a redirect (${response.status}${response.headers.get('location') ? ` to ${new URL(response.headers.get('location')!, this.server.url).origin}` : ''}); redirects are not followed (a token must not travel to another host): put the final address in \`url\``, 'unreachable');
    }
    let body: { status?: string; data?: unknown; error?: string; errorType?: string; warnings?: string[] } | undefined;
    try { body = JSON.parse(text); } catch { body = undefined; }
    if (response.status === 401 || response.status === 403) {
      const hint = this.options.token ? 'the token was refused' : this.server.tokenEnv && !tokenEnvAllowed(this.server.tokenEnv) ? `no token: ${tokenEnvRefusal(this.server.tokenEnv)}` : this.server.tokenEnv ? `no token: the environment variable ${this.server.tokenEnv} is not set` : 'no token is configured (`tokenEnv` in .model-sla.yaml, or Model SLA: Set Server Token in the editor)';
      throw new PrometheusError(`${where} refused access (${response.status}): ${hint}`, 'auth');
    }
    // The server's own words go into findings, reports and SARIF: a server or proxy that echoes the
    // request's headers in its error must not carry the token there.
    const said = body?.error ? `: ${this.redact(String(body.error))}` : '';
    if (response.status >= 500) throw new PrometheusError(`${where} failed (${response.status}${said})`, 'server');
    if (response.status >= 400) throw new PrometheusError(`${where} refused the query (${response.status}${said})`, 'query');
    if (!body || body.status !== 'success') throw new PrometheusError(`${where} did not answer as the Prometheus HTTP API does (${response.status}, ${text.length ? 'not a JSON success' : 'an empty body'})`, 'server');
    return body.data;
  }

  /**
   * Raw samples of `selector` in the half-open range (startMs, endMs]: an instant query of
   * `selector[<endMs − startMs>ms]` at endMs. Prometheus 2.x includes a sample exactly at the
   * range's start and 3.x does not; samples at or before startMs are dropped here, so the answer
   * does not depend on the server's version and adjacent ranges tile.
   */
  async rangeSamples(selector: string, startMs: number, endMs: number, signal?: AbortSignal): Promise<RawSeries[]> {
    const data = await this.get('/api/v1/query', {
      query: `${selector}[${endMs - startMs}ms]`, time: promTime(endMs), partial_response: 'false', max_source_resolution: '0s',
    }, signal) as { resultType?: string; result?: { metric?: Record<string, string>; values?: [number, string][] }[] };
    if (data?.resultType !== 'matrix' || !Array.isArray(data.result)) throw new PrometheusError(`${this.server.name} answered a range selector without a matrix`, 'server');
    if (data.result.length > this.server.maxSeries) {
      throw new PrometheusError(`\`${selector}\` matches ${data.result.length.toLocaleString('en-US')} series on ${this.server.name}, more than \`maxSeries\` (${this.server.maxSeries.toLocaleString('en-US')}): narrow it with label matchers`, 'too-large');
    }
    const out: RawSeries[] = [];
    for (const r of data.result) {
      const values = Array.isArray(r.values) ? r.values : [];
      const t = new Float64Array(values.length);
      const v = new Float64Array(values.length);
      let m = 0;
      for (const [ts, text] of values) {
        const ms = msOf(Number(ts));
        if (!(ms > startMs) || ms > endMs) continue;
        t[m] = ms;
        v[m] = numberOf(text);
        m++;
      }
      const { __name__: _name, ...labels } = r.metric ?? {};
      out.push({ labels, t: t.slice(0, m), v: v.slice(0, m) });
    }
    return out;
  }

  /**
   * The last sample of each series of `selectors` in (atMs − rangeMs, atMs]: an instant query of
   * `last_over_time(s1[rangeMs]) or last_over_time(s2[rangeMs]) …` at atMs, which answers the raw
   * value of each newest sample (nothing interpolated). Labels without `__name__`.
   */
  async lastSamples(selectors: string[], atMs: number, rangeMs: number, signal?: AbortSignal): Promise<{ labels: Record<string, string>; v: number }[]> {
    const data = await this.get('/api/v1/query', {
      query: selectors.map((s) => `last_over_time(${s}[${rangeMs}ms])`).join(' or '), time: promTime(atMs), partial_response: 'false', max_source_resolution: '0s',
    }, signal) as { resultType?: string; result?: { metric?: Record<string, string>; value?: [number, string] }[] };
    if (data?.resultType !== 'vector' || !Array.isArray(data.result)) throw new PrometheusError(`${this.server.name} answered last_over_time() without a vector`, 'server');
    return data.result.filter((r) => Array.isArray(r.value)).map((r) => {
      const { __name__: _name, ...labels } = r.metric ?? {};
      return { labels, v: numberOf(r.value![1]) };
    });
  }

  /**
   * An instant query's vector at `atMs`: per series its labels (without `__name__`) and value. For
   * expressions the caller builds from a series selector and functions that read raw samples
   * exactly (`last_over_time`, `count_over_time`, `resets`, `sum_over_time`).
   */
  async queryVector(expr: string, atMs: number, signal?: AbortSignal): Promise<{ labels: Record<string, string>; v: number }[]> {
    const data = await this.get('/api/v1/query', { query: expr, time: promTime(atMs), partial_response: 'false', max_source_resolution: '0s' }, signal) as { resultType?: string; result?: { metric?: Record<string, string>; value?: [number, string] }[] };
    if (data?.resultType !== 'vector' || !Array.isArray(data.result)) throw new PrometheusError(`${this.server.name} answered an instant query without a vector`, 'unsupported');
    this.checkSeries(expr, data.result.length);
    return data.result.filter((r) => Array.isArray(r.value)).map((r) => {
      const { __name__: _name, ...labels } = r.metric ?? {};
      return { labels, v: numberOf(r.value![1]) };
    });
  }

  /**
   * A range query (`/api/v1/query_range`): `expr` evaluated at startMs, startMs + stepMs, … up to
   * endMs; per series its labels (without `__name__`) and the instants (epoch ms) that have a value.
   */
  async queryMatrix(expr: string, startMs: number, endMs: number, stepMs: number, signal?: AbortSignal): Promise<RawSeries[]> {
    const data = await this.get('/api/v1/query_range', {
      query: expr, start: promTime(startMs), end: promTime(endMs), step: `${stepMs}ms`, partial_response: 'false', max_source_resolution: '0s',
    }, signal) as { resultType?: string; result?: { metric?: Record<string, string>; values?: [number, string][] }[] };
    if (data?.resultType !== 'matrix' || !Array.isArray(data.result)) throw new PrometheusError(`${this.server.name} answered a range query without a matrix`, 'unsupported');
    this.checkSeries(expr, data.result.length);
    return data.result.map((r) => {
      const values = Array.isArray(r.values) ? r.values : [];
      const t = new Float64Array(values.length);
      const v = new Float64Array(values.length);
      values.forEach(([ts, text], i) => { t[i] = msOf(Number(ts)); v[i] = numberOf(text); });
      const { __name__: _name, ...labels } = r.metric ?? {};
      return { labels, t, v };
    });
  }

  private checkSeries(what: string, count: number): void {
    if (count > this.server.maxSeries) {
      throw new PrometheusError(`\`${what}\` matches ${count.toLocaleString('en-US')} series on ${this.server.name}, more than \`maxSeries\` (${this.server.maxSeries.toLocaleString('en-US')}): narrow it with label matchers`, 'too-large');
    }
  }

  /** Label sets of the series matching `selector` between two instants (`/api/v1/series`). */
  async series(selector: string, startMs: number, endMs: number, signal?: AbortSignal): Promise<Record<string, string>[]> {
    const data = await this.get('/api/v1/series', { 'match[]': selector, start: promTime(startMs), end: promTime(endMs) }, signal);
    return Array.isArray(data) ? data as Record<string, string>[] : [];
  }

  /** Label names, optionally of the series matching `selector` (`/api/v1/labels`). */
  async labelNames(selector?: string, signal?: AbortSignal): Promise<string[]> {
    const data = await this.get('/api/v1/labels', selector ? { 'match[]': selector } : {}, signal);
    return Array.isArray(data) ? data.filter((x): x is string => typeof x === 'string') : [];
  }

  /** Values of one label (`__name__` for metric names), optionally among the series matching `selector`. */
  async labelValues(label: string, selector?: string, signal?: AbortSignal): Promise<string[]> {
    const data = await this.get(`/api/v1/label/${encodeURIComponent(label)}/values`, selector ? { 'match[]': selector } : {}, signal);
    return Array.isArray(data) ? data.filter((x): x is string => typeof x === 'string') : [];
  }
}

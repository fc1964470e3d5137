/**
 * Which environment variables a `.model-sla.yaml` may have sent to a server as a bearer token.
 * The configuration comes with the repository — in CI possibly from a pull request — so without a
 * rule it could name any secret of the job (`tokenEnv: AWS_SECRET_ACCESS_KEY`) and any host
 * (`url: https://attacker.example`). A variable is sent only when its name says it is a metric
 * server's token (a word of it is PROM, PROMETHEUS, MIMIR, THANOS, CORTEX, VICTORIA(METRICS), GRAFANA or
 * MODEL_SLA: `PROMETHEUS_TOKEN`, `PROM_TOKEN`, `MIMIR_PROD_TOKEN`), or
 * when the environment itself — the CI job, not the repository — lists it in MODEL_SLA_TOKEN_ENVS.
 */
const METRIC_SERVER_TOKEN = /(^|_)(PROM|PROMETHEUS|MIMIR|THANOS|CORTEX|VICTORIA|VICTORIAMETRICS|GRAFANA|MODEL_SLA)(_|$)/i;

export const TOKEN_ENVS_ALLOWLIST = 'MODEL_SLA_TOKEN_ENVS';

export function tokenEnvAllowed(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (METRIC_SERVER_TOKEN.test(name)) return true;
  return (env[TOKEN_ENVS_ALLOWLIST] ?? '').split(/[\s,]+/).filter(Boolean).includes(name);
}

/** Why `name` is not sent, for the 401 message. */
export function tokenEnvRefusal(name: string): string {
  return `the environment variable ${name} is not sent: a token variable's name must say it is a metric server's (a word of it PROM, PROMETHEUS, MIMIR, THANOS, CORTEX, VICTORIA, GRAFANA or MODEL_SLA, e.g. PROMETHEUS_TOKEN), or the job must allow it with ${TOKEN_ENVS_ALLOWLIST}=${name} — a .model-sla.yaml from a pull request must not be able to send the job's other secrets anywhere`;
}

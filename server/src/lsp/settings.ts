/** Server settings (section `modelSla`), pulled per client with `workspace/configuration`. */
export interface ServerSettings {
  validation: {
    enable: boolean;
    /** Delay after the last change before a document is validated again. */
    delayMs: number;
  };
  /** Documents larger than this (in MB) are not validated (one information diagnostic says so). */
  maxFileSizeMB: number;
  codeLens: { enable: boolean };
  lint: {
    /** Per-code severity overrides; win over the workspace's `.model-sla.yaml`. */
    severity: Record<string, unknown>;
  };
}

export const DEFAULT_SETTINGS: ServerSettings = {
  validation: { enable: true, delayMs: 75 },
  maxFileSizeMB: 20,
  codeLens: { enable: true },
  lint: { severity: {} },
};

export function mergeSettings(raw: unknown): ServerSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, any>;
  const v = (r.validation && typeof r.validation === 'object' ? r.validation : {}) as Record<string, unknown>;
  const num = (x: unknown, fallback: number, min: number, max: number) =>
    typeof x === 'number' && Number.isFinite(x) ? Math.min(max, Math.max(min, x)) : fallback;
  return {
    validation: {
      enable: typeof v.enable === 'boolean' ? v.enable : DEFAULT_SETTINGS.validation.enable,
      delayMs: num(v.delayMs, DEFAULT_SETTINGS.validation.delayMs, 0, 5000),
    },
    maxFileSizeMB: num(r.maxFileSizeMB, DEFAULT_SETTINGS.maxFileSizeMB, 1, 500),
    codeLens: { enable: typeof r.codeLens?.enable === 'boolean' ? r.codeLens.enable : true },
    lint: { severity: r.lint && typeof r.lint === 'object' && r.lint.severity && typeof r.lint.severity === 'object' ? r.lint.severity : {} },
  };
}

/**
 * `model-sla notice <file> --window LABEL [--objective ID] [--format markdown|text|json]` (spec §8.2):
 * the consumer notice (external SLA) or the incident brief (internal) of a window's final breaches,
 * every number from the report. Refused as `report` refuses a file with errors.
 */
import { openSla } from './openSla';
import { noticeFor } from '../service/notice';
import type { Notice } from '../engine/notice';

export interface NoticeRunOptions {
  window: string;
  objective?: string;
  asOf?: number;
  sla?: string;
  cwd?: string;
  root?: string;
}

export type NoticeRun = { ok: true; notice: Notice; messages: string[] } | { ok: false; messages: string[]; nothing?: true };

export async function noticeFile(path: string, options: NoticeRunOptions): Promise<NoticeRun> {
  const opened = openSla(path, options, 'notified');
  if (!opened.ok) return opened;
  const { file, parsed, access, relativePath } = opened;
  const result = await noticeFor(parsed, access, { file, window: options.window, objective: options.objective, sla: options.sla, asOf: options.asOf, relativePath });
  return result.ok ? { ok: true, notice: result.notice, messages: [] } : { ok: false, messages: [`${file}: ${result.message}`], ...(result.nothing ? { nothing: true as const } : {}) };
}

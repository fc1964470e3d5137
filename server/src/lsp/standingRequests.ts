/**
 * The Model SLA view's requests (issue 17): `modelSla/standing` — every SLA file of the workspace
 * folders (open documents as the editor has them, the others from disk) with where each objective
 * stands, from the same cached reports as the preview and the code lenses (service.compliance runs
 * once per file version and metric data, in time slices: typing is never blocked) — and
 * `modelSla/explain` (spec §8.1) with each evidence row's file URI, for links that open the metric
 * file at the cited line (workspace files only). `modelSla/standingChanged` tells the client to ask
 * again when an SLA or a metric file changed.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ExplainRequest, NoticeRequest, StandingChangedNotification, StandingRequest } from '../protocol/requests';
import type { ExplainResult, NoticeResult, StandingFile, StandingFolder, StandingResult } from '../protocol/standing';
import type { LanguageService, TextDocumentLike } from '../service/languageService';
import type { MetricAccess } from '../service/lint/dataAccess';
import { breachedCount, standingSlas } from '../service/standing';
import { explainWindow } from '../service/explain';
import { parseInstant } from '../engine/metrics/timestamps';
import { MAX_SLA_FILE_BYTES, readTextFile } from '../io/readTextFile';
import { ComplianceStopped, metricFileUris, reportRefusals } from '../service/compliance';
import { finalBreachesFor, noticeFor } from '../service/notice';
import { noticeMarkdown, noticeTitle } from '../engine/render/notice';
import { resolveMetricPath } from '../io/workspacePaths';
import { isPrometheusSpec, type MetricSpec } from '../engine/metrics/types';

export interface StandingDeps {
  service: LanguageService;
  metrics: () => MetricAccess;
  documents: TextDocuments<TextDocument>;
  folders: () => string[];
  /** Every SLA file URI the workspace index knows (open or on disk). */
  slaUris: () => string[];
  trusted: () => boolean;
  reportFileName: (uri: string) => string;
  sliceMs: number;
}

export function registerStandingRequests(connection: Connection, deps: StandingDeps): { changed: () => void } {
  /** Files on disk as documents: a negative version per text (an open document's versions are positive). */
  const disk = new Map<string, { text: string; version: number }>();
  let nextDiskVersion = -1;
  const documentOf = (uri: string): TextDocumentLike | { error: string } => {
    const open = deps.documents.get(uri);
    if (open) return open;
    let path: string;
    try { path = fileURLToPath(uri); } catch { return { error: 'not a file' }; }
    const read = readTextFile(path, { maxBytes: MAX_SLA_FILE_BYTES, what: 'SLA files' });
    if (!read.ok) return { error: read.message };
    let entry = disk.get(uri);
    if (!entry || entry.text !== read.text) { entry = { text: read.text, version: nextDiskVersion-- }; disk.set(uri, entry); }
    const { text, version } = entry;
    return { uri, version, getText: () => text };
  };

  const folderOf = (uri: string): string | undefined => {
    let path: string;
    try { path = fileURLToPath(uri); } catch { return undefined; }
    return deps.folders().find((f) => { const root = fileURLToPath(f); return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep); });
  };

  /**
   * What a file's standing depends on: its text (a hash, not the version: opening a file gives it a
   * new version and the same text, and reports need not be computed again) and the size and mtime of each metric file
   * it links; for Prometheus metrics also the minute (their data move on without any file event).
   * The view asks for every file at once: a cached standing is answered without loading a metric
   * (the server's data cache holds fewer files than a workspace may link).
   */
  const cache = new Map<string, { key: string; file: StandingFile }>();
  const fingerprint = (uri: string, document: TextDocumentLike): string => {
    const parsed = deps.service.parse(document);
    const parts: string[] = [createHash('sha1').update(document.getText()).digest('base64'), String(deps.trusted())];
    let path: string;
    try { path = fileURLToPath(uri); } catch { return parts.join('|'); }
    const roots = deps.folders().map((f) => fileURLToPath(f));
    for (const files of metricFileUris(parsed, (reference) => { const r = resolveMetricPath(path, reference, roots); return r.ok ? r.path : undefined; })) {
      for (const file of Object.values(files)) {
        try { const st = statSync(file); parts.push(`${file}:${st.size}:${st.mtimeMs}`); } catch { parts.push(`${file}:-`); }
      }
    }
    const remote = parsed.docs.some((d) => Object.values((d.value as { metrics?: Record<string, unknown> } | undefined)?.metrics ?? {}).some((m) => typeof m === 'object' && m !== null && isPrometheusSpec(m as MetricSpec)));
    if (remote) parts.push(String(Math.floor(Date.now() / 60_000)));
    return parts.join('|');
  };

  async function fileStanding(uri: string, token: CancellationToken): Promise<StandingFile> {
    const document0 = documentOf(uri);
    if (!('error' in document0)) {
      const key = fingerprint(uri, document0);
      const hit = cache.get(uri);
      if (hit && hit.key === key) return hit.file;
      const file = await computeStanding(uri, document0, token);
      cache.set(uri, { key, file });
      return file;
    }
    return computeStanding(uri, document0, token);
  }

  async function computeStanding(uri: string, document: TextDocumentLike | { error: string }, token: CancellationToken): Promise<StandingFile> {
    const folder = folderOf(uri);
    const path = folder ? relative(fileURLToPath(folder), fileURLToPath(uri)).split(sep).join('/') : uri;
    if ('error' in document) return { uri, path, slas: [], problem: document.error };
    const parsed = deps.service.parse(document);
    const errors = reportRefusals(deps.service.validate(document));
    // A file with errors (the CLI would refuse it) still shows what the editor's lenses and preview
    // compute from it — the same numbers everywhere — with the errors as the file's problem.
    const problem = errors.length
      ? `${errors.length} error${errors.length === 1 ? '' : 's'} to fix (line ${errors[0].range.start.line + 1}: ${typeof errors[0].message === 'string' ? errors[0].message : errors[0].message.value})`
      : undefined;
    if (!deps.trusted()) return { uri, path, slas: standingSlas(parsed, undefined, problem), ...(problem ? { problem } : {}) };
    const reports = await deps.service.compliance(document, {
      file: deps.reportFileName(uri), series: false, sliceMs: deps.sliceMs,
      shouldStop: () => (token.isCancellationRequested ? 'cancelled' : undefined),
    });
    return { uri, path, slas: standingSlas(parsed, reports), ...(problem ? { problem } : {}) };
  }

  // No params: the token comes first, or second after a `null` params from a client that sends one.
  connection.onRequest(StandingRequest.method, async (first: unknown, second: unknown): Promise<StandingResult> => {
    const token = ([first, second].find((x) => typeof (x as CancellationToken | null)?.isCancellationRequested === 'boolean') ?? { isCancellationRequested: false }) as CancellationToken;
    const folders: StandingFolder[] = deps.folders().map((f) => ({ uri: f, name: decodeURIComponent(f.replace(/\/+$/, '').split('/').pop() ?? f), files: [] }));
    const byUri = new Map(folders.map((f) => [f.uri, f]));
    const uris = [...new Set([...deps.slaUris(), ...deps.documents.all().map((d) => d.uri).filter((u) => u.startsWith('file:') && folderOf(u))])].sort();
    for (const uri of [...cache.keys()]) if (!uris.includes(uri)) cache.delete(uri);
    for (const uri of uris) {
      const folder = folderOf(uri);
      if (!folder) continue;
      let file: StandingFile;
      try {
        file = await fileStanding(uri, token);
      } catch (error) {
        if (error instanceof ComplianceStopped) throw new ResponseError(LSPErrorCodes.RequestCancelled, error.message);
        file = { uri, path: uri, slas: [], problem: error instanceof Error ? error.message : String(error) };
      }
      byUri.get(folder)!.files.push(file);
    }
    return { folders, breached: breachedCount(folders.flatMap((f) => f.files.flatMap((x) => x.slas))), trusted: deps.trusted() };
  });

  connection.onRequest(ExplainRequest.type, async (params, token): Promise<ExplainResult> => {
    if (!deps.trusted()) return { explanation: null, error: 'This workspace is not trusted: metric files are not read.' };
    const document = documentOf(params.uri);
    if ('error' in document) return { explanation: null, error: document.error };
    const instant = typeof params.asOf === 'string' ? parseInstant(params.asOf) : undefined;
    if (instant && !instant.ok) return { explanation: null, error: `\`${params.asOf}\` ${instant.problem}` };
    const folder = folderOf(params.uri);
    const root = folder ? fileURLToPath(folder) : undefined;
    let result;
    try {
      result = await explainWindow(deps.service.parse(document), deps.metrics(), {
      file: deps.reportFileName(params.uri), objective: params.objective, window: params.window || 'latest', sla: params.sla,
      ...(typeof params.segment === 'string' ? { segment: params.segment } : { pickSegment: true }),
      asOf: instant?.ok ? instant.ms : undefined, sliceMs: deps.sliceMs,
      shouldStop: () => (token.isCancellationRequested ? 'cancelled' : undefined),
      relativePath: (location) => (root ? relative(root, location).split(sep).join('/') : location),
      });
    } catch (error) {
      if (error instanceof ComplianceStopped) throw new ResponseError(LSPErrorCodes.RequestCancelled, error.message);
      return { explanation: null, error: error instanceof Error ? error.message : String(error) };
    }
    if (!result.ok) return { explanation: null, error: result.message };
    // Evidence links: workspace files only.
    const uriOf = (file: string | undefined): string | null => {
      if (!file || !root) return null;
      const full = resolve(root, file);
      return full.startsWith(root.endsWith(sep) ? root : root + sep) ? pathToFileURL(full).href : null;
    };
    const x = result.explanation;
    return { explanation: { ...x, evidenceUris: x.evidence.map((e) => (e.line !== undefined ? uriOf(e.file) : null)), ...(x.runs ? { runUris: x.runs.map((r) => (r.line !== undefined ? uriOf(r.file) : null)) } : {}) } };
  });

  // The notice of a window's final breaches (spec §8.2), as Markdown for an untitled document.
  connection.onRequest(NoticeRequest.type, async (params, token): Promise<NoticeResult> => {
    if (!deps.trusted()) return { markdown: null, error: 'This workspace is not trusted: metric files are not read.' };
    const document = documentOf(params.uri);
    if ('error' in document) return { markdown: null, error: document.error };
    const instant = typeof params.asOf === 'string' ? parseInstant(params.asOf) : undefined;
    if (instant && !instant.ok) return { markdown: null, error: `\`${params.asOf}\` ${instant.problem}` };
    const errors = reportRefusals(deps.service.validate(document));
    if (errors.length) return { markdown: null, error: `the SLA file has ${errors.length} error${errors.length === 1 ? '' : 's'} to fix first (line ${errors[0].range.start.line + 1})` };
    const folder = folderOf(params.uri);
    const root = folder ? fileURLToPath(folder) : undefined;
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (!params.window) {
      const finalBreaches = await finalBreachesFor(deps.service.parse(document), deps.metrics(), { file: deps.reportFileName(params.uri), asOf: instant?.ok ? instant.ms : undefined });
      return { markdown: null, finalBreaches, ...(finalBreaches.length ? {} : { error: 'no final breach: nothing to notify' }) };
    }
    const result = await noticeFor(deps.service.parse(document), deps.metrics(), {
      file: deps.reportFileName(params.uri), window: params.window, objective: params.objective, sla: params.sla,
      asOf: instant?.ok ? instant.ms : undefined,
      relativePath: (location) => (root ? relative(root, location).split(sep).join('/') : location),
    });
    if (!result.ok) return { markdown: null, error: result.message };
    return { markdown: noticeMarkdown(result.notice), title: noticeTitle(result.notice) };
  });

  let timer: NodeJS.Timeout | undefined;
  return {
    /** An SLA or metric file changed: tell the client (at most every 500 ms). */
    changed: () => {
      if (timer) return;
      timer = setTimeout(() => { timer = undefined; void connection.sendNotification(StandingChangedNotification.type, {}); }, 500);
      timer.unref?.();
    },
  };
}

/**
 * The SLAs of files and folders for the commands that turn them into something else (generate,
 * export): spec §11 — they read only the files given, and refuse an SLA with syntax, schema,
 * reference or duplicate errors (SLA001–SLA004), as `report` does. Findings that need the data do not
 * stop them.
 */
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expandPaths } from '../io/findSlaFiles';
import { MAX_SLA_FILE_BYTES, readTextFile } from '../io/readTextFile';
import { getLanguageService } from '../service/languageService';
import { refusingErrors, slaNameOf } from '../service/generate/fromSla';

export interface LoadedSlas {
  /** Every SLA (YAML document) of the files that were not refused, with its file as given. */
  slas: { file: string; value: unknown }[];
  /** The files read and not refused, relative to cwd. */
  files: string[];
  /** Lines for stderr: unreadable and refused files, with the errors. */
  messages: string[];
  /** A file could not be read or was refused: exit 2. */
  failed: boolean;
}

export function loadSlas(paths: string[], command: string, cwd = process.cwd()): LoadedSlas {
  const service = getLanguageService({});
  const expanded = expandPaths(paths.map((p) => resolve(cwd, p)));
  const result: LoadedSlas = { slas: [], files: [], messages: expanded.errors.map((e) => `${relative(cwd, e.path) || e.path}: ${e.message}`), failed: expanded.errors.length > 0 };
  for (const path of expanded.files) {
    const file = relative(cwd, path) || path;
    const read = readTextFile(path, { maxBytes: MAX_SLA_FILE_BYTES, what: 'SLA files' });
    if (!read.ok) { result.messages.push(`${file}: ${read.message}`); result.failed = true; continue; }
    const text = read.text;
    const document = { uri: pathToFileURL(path).href, version: 1, getText: () => text };
    const errors = refusingErrors(service.validate(document));
    if (errors.length) {
      for (const d of errors) result.messages.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} error ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`);
      result.messages.push(`${file}: nothing ${command}: fix the errors above first (model-sla check ${file})`);
      result.failed = true;
      continue;
    }
    result.files.push(file);
    for (const doc of service.parse(document).docs) result.slas.push({ file, value: doc.value });
  }
  // Rules, groups and SLOs are named after the SLA: two SLAs of one name would write one thing twice
  // (SLA004 across the files given, as across a workspace).
  const byName = new Map<string, string[]>();
  for (const { file, value } of result.slas) byName.set(slaNameOf(value), [...(byName.get(slaNameOf(value)) ?? []), file]);
  for (const [name, files] of byName) {
    if (files.length < 2) continue;
    result.messages.push(`${files[1]}: error SLA004 the SLA name \`${name}\` is also used in ${files[0]}: what is ${command} is named after the SLA, so nothing is ${command}; rename one`);
    result.failed = true;
  }
  if (result.failed && byName.size < result.slas.length) { result.slas = []; result.files = []; }
  return result;
}

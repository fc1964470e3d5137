/**
 * The `model-sla` command line. Exit codes: 0 clean, 1 findings at error level (check) or a breach
 * (report), 2 usage or I/O error, 3 (report --fail-on-no-data) an objective whose latest window has
 * no data (its metric could not be read, or no rows fall in it). Every text line printed passes through escapeControl, every JSON
 * output through toJson (engine/render/escape.ts).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkPaths, formatText, summary } from './check';
import { parseInstant } from '../engine/metrics/timestamps';
import { isFolder, noDataObjectives, reportFiles, ttyProgress } from './report';
import { generatePrometheusRules } from './generate';
import { explainFile, explanationText } from './explain';
import { noticeFile } from './notice';
import { noticeMarkdown, noticeText } from '../engine/render/notice';
import { exportOpenSloFiles, importOpenSloFile } from './openslo';
import { anyBreached } from '../engine/report';
import { renderText } from '../engine/render/text';
import { renderMarkdown } from '../engine/render/markdown';
import { renderHtml } from '../engine/render/html';
import { toSarif } from './sarif';
import { linkRuleDocs } from '../io/ruleDocs';
import { escapeControl, toJson } from '../engine/render/escape';

const VERSION = '0.1.0';

const HELP = `model-sla ${VERSION} — check service-level agreements of ML model services (*.sla.yaml)

Usage:
  model-sla check [paths...] [--format text|json|sarif] [--root DIR]
  model-sla report <files|folders...> [--as-of ISO] [--format text|json|markdown|html]
                   [--out FILE] [--root DIR] [--fail-on-no-data]
  model-sla explain <file.sla.yaml> --objective ID [--window LABEL] [--as-of ISO]
                   [--format text|json] [--sla NAME] [--segment VALUE] [--root DIR]
  model-sla notice <file.sla.yaml> --window LABEL [--objective ID] [--as-of ISO]
                   [--format markdown|text|json] [--sla NAME] [--out FILE] [--root DIR]
  model-sla generate prometheus-rules <files|folders...> [--out FILE]
  model-sla export openslo <files|folders...> [--out FILE] [--root DIR]
  model-sla import openslo <file.yaml> [--out FILE.sla.yaml] [--root DIR]
  model-sla --help | --version

Commands:
  check     Validate and lint SLA files: YAML syntax (SLA001), schema (SLA002), references
            (SLA003), duplicates (SLA004) and the methodology findings SLA100-SLA126.
            Paths are files or folders (searched recursively for *.sla.yaml /
            *.sla.yml); default: the current folder.
  report    The compliance report of SLA files (spec section 8): every objective per window,
            breaches, service credits, error budget and burn rate, repeated breaches, the
            baseline value with a suggested target, data issues. Refused (exit 2) while a
            file has syntax, schema or reference errors; a metric file that cannot be read
            is reported on stderr and its objectives are no-data (exit 0 unless
            --fail-on-no-data).
  explain   Why a window's value is what it is (spec section 8.1): the counts, the rank of a
            percentile (two ranks and a weight for linear), good and total of a ratio, the
            bad slices, every accuracy run with why it did or did not count, and the rows
            behind it as evidence: file and line, or series and sample instant. --window
            takes the window's label (2026-09, 2026-W45, 2026-Q3, 2026-03-14, 2026) or
            latest (the default; a rolling window has only that). A segmented objective
            is explained one segment at a time: --segment VALUE.
  notice    What a window's final breaches oblige, written for people (spec section 8.2):
            for an external SLA the notice to the consumer (what was promised, what was
            measured, the credit, the remediation due date, the data issues that touched
            the window), for an internal one the incident brief (value against target,
            actions, escalation timeline, the window's explanation, a blameless
            post-mortem skeleton). Every number is the report's. Markdown by default (for a
            ticket or an email). Exit 3 when the window has no final breach (met, or a
            partial window breached so far: at risk, owing nothing yet); 2 on errors.
  generate prometheus-rules
            A Prometheus rule file (spec section 11) for the ratio objectives on Prometheus
            metrics: recording rules of the error ratio, multi-window burn-rate alerts
            (labels severity and burnrate_tier), absent() alerts. Offline: no server is
            asked. Objectives it cannot express are listed on stderr with why; an SLA with
            errors (SLA001-SLA004) is refused (exit 2).
  export openslo
            OpenSLO v1 documents (spec section 11): a Service for the model, a DataSource
            per metric (the Prometheus URL from .model-sla.yaml), an SLO per objective with
            its SLI inline, AlertPolicies from the escalation steps. What OpenSLO cannot say
            goes into modelsla.dev/ annotations and is listed on stderr. Refuses an SLA with
            errors (exit 2).
  import openslo
            An SLA file from OpenSLO v1 documents, then linted: what OpenSLO left open (no
            percentile method, no timezone, 1m where a month was meant, a source that is not
            a file or Prometheus) comes back as findings on stderr. Exit 0 clean, 1 the
            imported SLA has errors to fix, 2 the file cannot be read or holds no SLO.

Options:
  -f, --format FORMAT      check: text, one finding per line: "file:line:col severity code message"
                           (a summary goes to stderr); json: an array of
                           {file, line, column, endLine, endColumn, severity, code, message},
                           1-based, file relative to the current folder; sarif: SARIF 2.1.0
                           for code scanning.
                           report: text (a table), json (exactly the section 8 report:
                           an object, or an array for a multi-document file or several
                           files), markdown (pull-request comments), html (a
                           self-contained page).
      --as-of ISO          report: the evaluation instant (2026-10-01T00:00:00Z, an offset,
                           or a date = UTC midnight); default 1 ms after the newest
                           observation of the SLA's metrics. A date that does not exist
                           (2026-02-30) is refused.
      --fail-on-no-data    report: exit 3 when an objective's latest window has no data
                           (its metric file could not be read, or no rows fall in the
                           window: a stopped export, timestamps in the wrong unit), so CI
                           notices a verdict it cannot get; stderr names each objective.
  -o, --out FILE           report, generate, export, import: write to FILE instead of stdout.
  -r, --root DIR           The workspace (default: the current folder): its .model-sla.yaml
                           sets severities (severity: { SLA108: off }), and every SLA under
                           it counts for cross-file findings (SLA111).
  -q, --quiet              text format: no summary line on stderr.
                           Text and Markdown output print control characters from the
                           files (ESC, CR, NUL, bidi overrides) as escapes (\\x1b, \\r,
                           \\u202e); HTML escapes them and markup; JSON and SARIF
                           write them as \\u escapes.
  -h, --help               Show this help.
  -v, --version            Show the version.

Exit codes (check):
  0  no finding at error level
  1  at least one finding at error level
  2  usage error, a file or folder that could not be read, or a .model-sla.yaml that is
     not valid YAML or not a mapping with a \`severity\` mapping (nothing is checked)
Exit codes (report):
  0  every objective met or without data (latest window of each)
  1  some objective breached in its latest window
  2  usage error, an unreadable SLA file, or one with syntax/schema/reference errors
  3  with --fail-on-no-data: no breach, but some objective's latest window has no data
     (stderr says which and why)
Exit codes (notice):
  0  the notice was written
  2  usage error, an unreadable SLA file, one with errors, an unknown window or objective
  3  the window has no final breach: nothing to notify (stderr says why)
Environment:
  MODEL_SLA_READ_WORKERS=N  read a metric file over 32 MiB in at most N byte ranges on worker
                            threads (1: in one piece; default: the cores, at most 4)
  MODEL_SLA_STREAM=never    report: keep the rows of large CSV files instead of aggregating
                            them per window as they are read (=always: small files too);
                            the numbers are the same either way
`;

function fail(message: string): never {
  process.stderr.write(`model-sla: ${escapeControl(message)}\nTry 'model-sla --help'.\n`);
  process.exit(2);
}

/** `--as-of`: the instant, undefined when not given; a malformed one is a usage error. */
function asOfOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseInstant(text);
  if (!parsed.ok) fail(`--as-of '${text}' ${parsed.problem}`);
  return parsed.ms;
}

/** The output to `--out` FILE, or stdout; false (said on stderr) when the file cannot be written. */
function writeOutput(out: string | undefined, text: string): boolean {
  if (!out) { process.stdout.write(text); return true; }
  try {
    writeFileSync(out, text);
    return true;
  } catch (error) {
    warn(`${out}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return false;
  }
}

/** A line on stderr (control characters from file names and files escaped). */
function warn(message: string): void {
  process.stderr.write(`model-sla: ${escapeControl(message)}\n`);
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        // No default here: each command has its own (notice: markdown; the others: text).
        format: { type: 'string', short: 'f' },
        root: { type: 'string', short: 'r' },
        quiet: { type: 'boolean', short: 'q', default: false },
        'as-of': { type: 'string' },
        out: { type: 'string', short: 'o' },
        'fail-on-no-data': { type: 'boolean', default: false },
        objective: { type: 'string' },
        window: { type: 'string' },
        sla: { type: 'string' },
        segment: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values: given, positionals } = parsed;
  const values = { ...given, format: given.format ?? (positionals[0] === 'notice' ? 'markdown' : 'text') };
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (!command) {
    process.stderr.write(HELP);
    return 2;
  }
  if (command === 'report') return runReport(rest, values);
  if (command === 'generate') return runGenerate(rest, values);
  if (command === 'explain') return runExplain(rest, values);
  if (command === 'notice') return runNotice(rest, values);
  if (command === 'export' || command === 'import') return runOpenSlo(command, rest, values);
  if (command !== 'check') fail(`unknown command '${command}'`);
  if (!['text', 'json', 'sarif'].includes(values.format)) fail(`unknown format '${values.format}' (text, json or sarif)`);

  const result = await checkPaths(rest.length ? rest : ['.'], { root: values.root });
  if (result.configBroken) {
    warn(result.configBroken);
    warn('nothing was checked: fix .model-sla.yaml (or remove it) and run again');
    return 2;
  }
  for (const problem of result.configProblems) warn(problem);
  if (values.format === 'json') {
    process.stdout.write(toJson(result.findings));
  } else if (values.format === 'sarif') {
    process.stdout.write(toJson(toSarif(result, VERSION)));
  } else {
    const text = formatText(result);
    if (text) process.stdout.write(text + '\n');
    if (!values.quiet) process.stderr.write(summary(result) + '\n');
  }
  for (const e of result.ioErrors) warn(`${e.file}: ${e.message}`);
  if (result.ioErrors.length) return 2;
  if (result.filesChecked === 0) {
    warn('no *.sla.yaml files found');
  }
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

async function runReport(files: string[], values: { format: string; root?: string; 'as-of'?: string; out?: string; 'fail-on-no-data'?: boolean }): Promise<number> {
  if (!['text', 'json', 'markdown', 'html'].includes(values.format)) fail(`unknown format '${values.format}' (text, json, markdown or html)`);
  if (files.length === 0) fail('report needs SLA files or folders');
  const asOf = asOfOption(values['as-of']);
  const result = await reportFiles(files, { root: values.root, asOf, progress: process.stderr.isTTY ? ttyProgress(process.stderr) : undefined });
  for (const m of result.messages) warn(m);
  // Folders with no SLA file: JSON still says so with an empty array.
  if (!result.reports.length && values.format === 'json' && !result.failed) process.stdout.write('[]\n');
  if (result.reports.length) {
    let output: string;
    if (values.format === 'json') {
      // An object for one SLA file given by name; an array for several, a multi-document file or a folder.
      const single = result.perFile.length === 1 && result.perFile[0].reports.length === 1 && !files.some(isFolder);
      output = toJson(single ? result.reports[0] : result.reports);
    } else if (values.format === 'markdown') output = renderMarkdown(result.reports);
    else if (values.format === 'html') output = renderHtml(result.reports);
    else output = renderText(result.reports);
    if (!writeOutput(values.out, output)) return 2;
  }
  // --fail-on-no-data names each objective without a verdict, and why, whatever the exit code: an
  // unreadable file (2) or a breach (1) elsewhere says more, but must not hide these lines.
  const noData = values['fail-on-no-data'] ? noDataObjectives(result.reports) : [];
  for (const line of noData) warn(line);
  if (result.failed) return 2;
  if (anyBreached(result.reports)) return 1;
  return noData.length ? 3 : 0;
}

async function runExplain(paths: string[], values: { objective?: string; window?: string; sla?: string; segment?: string; format?: string; root?: string; 'as-of'?: string }): Promise<number> {
  if (paths.length !== 1) fail('explain takes one SLA file: model-sla explain <file.sla.yaml> --objective ID [--window LABEL]');
  if (!values.objective) fail('explain needs --objective ID');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') fail(`explain --format is text or json, not '${format}'`);
  const asOf = asOfOption(values['as-of']);
  const run = await explainFile(paths[0], { objective: values.objective, window: values.window ?? 'latest', asOf, sla: values.sla, segment: values.segment, root: values.root });
  for (const m of run.messages) warn(m);
  if (!run.ok) return 2;
  process.stdout.write(format === 'json' ? toJson(run.explanation) : explanationText(run.explanation).split('\n').map(escapeControl).join('\n'));
  return 0;
}

async function runNotice(paths: string[], values: { objective?: string; window?: string; sla?: string; format?: string; root?: string; out?: string; 'as-of'?: string }): Promise<number> {
  if (paths.length !== 1) fail('notice takes one SLA file: model-sla notice <file.sla.yaml> --window LABEL [--objective ID]');
  if (!values.window) fail('notice needs --window LABEL (the breached window: 2026-09, 2026-W45, …)');
  // `text` is the parser's default for every command: the notice's own default is Markdown.
  const format = values.format ?? 'markdown';
  if (!['markdown', 'text', 'json'].includes(format)) fail(`notice --format is markdown, text or json, not '${format}'`);
  const asOf = asOfOption(values['as-of']);
  const run = await noticeFile(paths[0], { window: values.window, objective: values.objective, asOf, sla: values.sla, root: values.root });
  for (const m of run.messages) warn(m);
  // 3: the window has no final breach — nothing to notify (a script can tell it from an error).
  if (!run.ok) return 'nothing' in run && run.nothing ? 3 : 2;
  const output = format === 'json' ? toJson(run.notice) : format === 'text' ? noticeText(run.notice) : noticeMarkdown(run.notice);
  if (!writeOutput(values.out, output)) return 2;
  return 0;
}

function runGenerate(args: string[], values: { out?: string }): number {
  const [what, ...paths] = args;
  if (what !== 'prometheus-rules') fail(`generate what? \`model-sla generate prometheus-rules <files|folders>\` (found '${what ?? ''}')`);
  if (paths.length === 0) fail('generate prometheus-rules needs SLA files or folders');
  const result = generatePrometheusRules(paths);
  for (const m of result.messages) warn(m);
  // A refused or unreadable file: nothing written, so a partial rule file never replaces a whole one.
  if (result.failed) { warn(`nothing written${values.out ? ` to ${values.out}` : ''}: fix the files above first`); return 2; }
  if (!writeOutput(values.out, result.text)) return 2;
  return 0;
}

async function runOpenSlo(command: 'export' | 'import', args: string[], values: { out?: string; root?: string }): Promise<number> {
  const [what, ...paths] = args;
  if (what !== 'openslo') fail(`${command} what? \`model-sla ${command} openslo <file>\` (found '${what ?? ''}')`);
  if (paths.length === 0) fail(`${command} openslo needs ${command === 'export' ? 'SLA files or folders' : 'an OpenSLO file'}`);
  if (command === 'import' && paths.length > 1) fail('import openslo reads one OpenSLO file (several documents in it, separated by ---)');
  if (command === 'import') {
    const result = await importOpenSloFile(paths[0], { out: values.out, root: values.root });
    for (const m of result.messages) warn(m);
    if (!values.out && result.text) process.stdout.write(result.text);
    return result.code;
  }
  const result = exportOpenSloFiles(paths, { root: values.root });
  for (const m of result.messages) warn(m);
  if (result.code === 2) { warn(`nothing written${values.out ? ` to ${values.out}` : ''}: fix the files above first`); return 2; }
  if (!writeOutput(values.out, result.text)) return 2;
  return result.code;
}

// Findings link the rule pages beside the bundle (dist/ → docs/rules/), when they are there.
linkRuleDocs(__dirname);
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    const text = error instanceof Error ? error.stack ?? error.message : String(error);
    process.stderr.write(`model-sla: ${text.split('\n').map(escapeControl).join('\n')}\n`);
    process.exitCode = 2;
  },
);

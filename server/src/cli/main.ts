/**
 * The `model-sla` command line. Exit codes: 0 clean, 1 findings at error level, 2 usage or I/O error.
 */
import { parseArgs } from 'node:util';
import { checkPaths, formatText, summary } from './check';
import { toSarif } from './sarif';

const VERSION = '0.1.0';

const HELP = `model-sla ${VERSION} — check service-level agreements of ML model services (*.sla.yaml)

Usage:
  model-sla check [paths...] [--format text|json|sarif] [--root DIR]
  model-sla --help | --version

Commands:
  check     Validate and lint SLA files: YAML syntax (SLA001), schema (SLA002), references
            (SLA003), duplicates (SLA004) and the methodology findings SLA100-SLA117. Paths
            are files or folders (searched recursively for *.sla.yaml / *.sla.yml); default:
            the current folder.

Options:
  -f, --format FORMAT      text: one finding per line, "file:line:col severity code message"
                           (a summary goes to stderr); json: an array of
                           {file, line, column, endLine, endColumn, severity, code, message},
                           1-based, file relative to the current folder; sarif: SARIF 2.1.0
                           for code scanning.
  -r, --root DIR           The workspace (default: the current folder): its .model-sla.yaml
                           sets severities (severity: { SLA108: off }), and every SLA under
                           it counts for cross-file findings (SLA111).
  -q, --quiet              text format: no summary line on stderr.
  -h, --help               Show this help.
  -v, --version            Show the version.

Exit codes:
  0  no finding at error level
  1  at least one finding at error level
  2  usage error, or a file or folder that could not be read
`;

function fail(message: string): never {
  process.stderr.write(`model-sla: ${message}\nTry 'model-sla --help'.\n`);
  process.exit(2);
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        root: { type: 'string', short: 'r' },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
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
  if (command !== 'check') fail(`unknown command '${command}'`);
  if (!['text', 'json', 'sarif'].includes(values.format)) fail(`unknown format '${values.format}' (text, json or sarif)`);

  const result = await checkPaths(rest.length ? rest : ['.'], { root: values.root });
  for (const problem of result.configProblems) process.stderr.write(`model-sla: ${problem}\n`);
  if (values.format === 'json') {
    process.stdout.write(JSON.stringify(result.findings, null, 2) + '\n');
  } else if (values.format === 'sarif') {
    process.stdout.write(JSON.stringify(toSarif(result, VERSION), null, 2) + '\n');
  } else {
    const text = formatText(result);
    if (text) process.stdout.write(text + '\n');
    if (!values.quiet) process.stderr.write(summary(result) + '\n');
  }
  for (const e of result.ioErrors) process.stderr.write(`model-sla: ${e.file}: ${e.message}\n`);
  if (result.ioErrors.length) return 2;
  if (result.filesChecked === 0) {
    process.stderr.write('model-sla: no *.sla.yaml files found\n');
  }
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`model-sla: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);

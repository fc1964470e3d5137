/**
 * The editor's side of spec §11: Generate Prometheus Rules and Export as OpenSLO (the generated
 * file's text for an open SLA document, also behind regenerate-on-save), and Import OpenSLO File…
 * (an OpenSLO file's text → an SLA file's text). The client reads and writes the files; the server
 * only turns text into text, with the same code as the CLI (service/generate/fromSla.ts,
 * service/openslo/import.ts).
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { GenerateRequest, ImportOpenSloRequest } from '../protocol/requests';
import type { LanguageService } from '../service/languageService';
import { generateFromSla } from '../service/generate/fromSla';
import { importOpenSloText } from '../service/openslo/import';
import { MAX_SLA_FILE_BYTES } from '../io/readTextFile';

export interface GenerateDeps {
  service: LanguageService;
  documents: TextDocuments<TextDocument>;
  served: (uri: string) => boolean;
  /** The configured Prometheus servers (.model-sla.yaml), for the DataSources' URLs. */
  servers: () => ReadonlyMap<string, { url: string }>;
  /**
   * How the generated file's header names the SLA file: its file name, as the CLI names it when run
   * in the SLA's folder (`model-sla generate prometheus-rules churn.sla.yaml`), so that the editor's
   * text and the CLI's agree wherever the workspace folder is.
   */
  fileName: (uri: string) => string;
}

export function registerGenerateRequests(connection: Connection, deps: GenerateDeps): void {
  connection.onRequest(GenerateRequest.type, (params) => {
    const document = deps.documents.get(params?.uri);
    if (!document || !deps.served(params.uri)) return { text: null, count: 0, notes: [], refused: false, error: 'the SLA document is not open' };
    if (params.what !== 'prometheus-rules' && params.what !== 'openslo') return { text: null, count: 0, notes: [], refused: false, error: `nothing called ${String(params.what)} is generated` };
    try {
      const result = generateFromSla(deps.service, document, params.what, deps.fileName(params.uri), deps.servers());
      // Each note names its SLA (fromSla.ts); the output channel gets each note once.
      return result.refused ? result : { ...result, notes: [...new Set(result.notes)] };
    } catch (error) {
      connection.console.error(`generate ${params.what} for ${params.uri}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return { text: null, count: 0, notes: [], refused: false, error: String(error instanceof Error ? error.message : error) };
    }
  });

  connection.onRequest(ImportOpenSloRequest.type, (params) => {
    const source = typeof params?.source === 'string' ? params.source : 'OpenSLO';
    if (typeof params?.text !== 'string') return { text: null, objectives: 0, notes: ['no text to import'], servers: [] };
    // The CLI's limit for the files it reads (io/readTextFile.ts): a huge paste is refused, not parsed.
    if (params.text.length > MAX_SLA_FILE_BYTES) return { text: null, objectives: 0, notes: [`${source} is over the ${MAX_SLA_FILE_BYTES / 1048576} MB limit for OpenSLO files: not imported`], servers: [] };
    const result = importOpenSloText(params.text, source);
    const notes = [
      ...result.yamlErrors.map((e) => `${source}:${e}`),
      ...result.problems.map((p) => `${p.name} ${p.path}: not OpenSLO v1: ${p.message}`),
      ...result.notes,
    ];
    const configured = deps.servers();
    const servers = [...result.servers].map(([name, url]) => ({ name, url, configured: configured.get(name)?.url === url }));
    return { text: result.text, objectives: result.slas.reduce((n, s) => n + (Array.isArray(s.objectives) ? s.objectives.length : 0), 0), notes, servers };
  });
}

/** Entry point of the bundled language server (`dist/server.js --stdio`). */
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';
import { linkRuleDocs } from './io/ruleDocs';

// The heap grows by 25% between full collections instead of V8's default (up to 4× for a small
// heap). Every keystroke on a large file leaves a few MB behind that only a full collection frees
// (the document's new text and the published diagnostics' JSON are large strings, allocated in the
// old generation), and with the default the heap of a 1 MB file climbed from ~40 to ~170 MB before
// one: peak RSS 260-300 MiB instead of ~180. The price is more, mostly concurrent, collections
// (~10% more CPU per edit, measured); set here because the client starts the server as a plain
// `node dist/server.js`.
setFlagsFromString('--heap-growing-percent=25');

// Findings link the rule pages shipped beside the bundle (dist/ → docs/rules/ in the VSIX).
linkRuleDocs(__dirname);

startServer(createConnection(ProposedFeatures.all));

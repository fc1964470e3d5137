/** Entry point of the bundled language server (`dist/server.js --stdio`). */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';
import { linkRuleDocs } from './io/ruleDocs';

// Findings link the rule pages shipped beside the bundle (dist/ → docs/rules/ in the VSIX).
linkRuleDocs(__dirname);

startServer(createConnection(ProposedFeatures.all));

/** Entry point of the bundled language server (`dist/server.js --stdio`). */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';

startServer(createConnection(ProposedFeatures.all));

import { startServer } from './lsp/server';
import { createServerConnection } from './lsp/transport';

// `node dist/server.js --stdio` (or --node-ipc / --socket=N): the transport comes from argv.
startServer(createServerConnection());

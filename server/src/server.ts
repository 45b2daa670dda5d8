import { startServer } from './lsp/server';

// `node dist/server.js --stdio` (or --node-ipc / --socket=N): the connection picks the transport from argv.
startServer();

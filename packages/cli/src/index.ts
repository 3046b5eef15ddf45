export { main, buildParser, reportError, EXIT_OK, EXIT_FAILURE, EXIT_USAGE } from './cli.js';
export { BUILTIN_PLUGINS } from './context.js';
export type { CliIo } from './context.js';

export { createAuditorCommand, type InitOptions, initCommand, SetupCommandError } from './setup.cli.ts';
export { setupRoutes } from './setup.routes.ts';
export { issueSetupToken, needsSetup, TOKEN_HOURS } from './setup.service.ts';

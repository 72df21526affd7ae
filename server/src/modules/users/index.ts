export { activeAccount, activeAccountsWithRole } from './accounts.repository.ts';
export { createBoundAccount } from './users.bound.ts';
export { UsersCommandError, usersImportCommand } from './users.cli.ts';
export { usersRoutes } from './users.routes.ts';
export { temporaryPassword } from './users.rules.ts';

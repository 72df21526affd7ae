export { activeAccount, activeAccountsWithRole } from './accounts.repository.ts';
export { UsersCommandError, usersImportCommand } from './users.cli.ts';
export { usersRoutes } from './users.routes.ts';
export { temporaryPassword } from './users.rules.ts';

export { UsersCommandError, usersImportCommand } from './users.cli.ts';
export { usersRoutes } from './users.routes.ts';

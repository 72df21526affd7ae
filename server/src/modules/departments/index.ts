export { activeDepartments } from './departments.repository.ts';
export { departmentsRoutes } from './departments.routes.ts';

export { activeDepartments, list as listDepartments } from './departments.repository.ts';
export { departmentsRoutes } from './departments.routes.ts';

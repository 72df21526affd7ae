import type caseAdminZh from './zh-CN';

/** The case catalogue admin's messages (`caseAdmin.*`), spread into the app's English messages. */
const caseAdminEn: typeof caseAdminZh = {
  categories: 'Case categories',
  categoriesIntro:
    'Case categories (two levels), their default department and step time limits (working hours)',
  createCategory: 'New category',
  editCategory: 'Edit category {{code}}',
  edit: 'Edit',
  save: 'Save',
  saved: 'Saved',
  created: 'Added',
  required: 'Required',
  field: {
    code: 'Category code',
    name: 'Name',
    parentCode: 'Parent category',
    nameZh: 'Chinese name',
    nameEn: 'English name',
    departmentCode: 'Default department',
    timeLimits: 'Time limits (hours)',
    categoryCode: 'Category',
    areaCode: 'Area code',
    hours: '{{step}} (hours)',
  },
  noParent: 'None (top level)',
  noDepartment: 'None',
  codeHint:
    'A lowercase letter, then lowercase letters, digits or underscores; 2–41 characters; cannot be changed later',
  codeInvalid: 'The code is not valid',
  codeTaken: 'This code is already in use',
  hoursInvalid: 'Enter more than 0 and at most 2000 hours',
  versionConflict: 'Press “Save” again to overwrite the current version {{version}}',
  kind: {
    department: 'Departments',
    force: 'Professional forces',
  },
  departments: 'Departments and forces',
  departmentsIntro:
    'The departments and professional forces cases are sent to; a retired unit leaves this list and the dispatch choices',
  createDepartment: 'New unit',
  editDepartment: 'Edit unit {{code}}',
  unitKind: {
    department: 'Department',
    force: 'Professional force',
  },
  departmentField: {
    code: 'Unit code',
    kind: 'Kind',
    sort: 'Order',
    retired: 'Retired',
  },
  retire: 'Retire',
  retired: 'Retired {{name}}',
  retiredTag: 'Retired',
  retireConfirm: 'Retire “{{name}}”? It will receive no new cases',
  retiredHint: 'A unit still named by a category or routing rule cannot be retired',
  departmentConflict:
    'The latest version {{version}} has been read; check it, then press “Save” again to overwrite',
  rules: 'Routing rules',
  rulesIntro: 'Send cases of a category in an area to a department; the most specific rule wins',
  anyCategory: 'Any category',
  anyArea: 'Any area',
  areaHint: 'Optional: a 12- or 15-digit area code',
  areaInvalid: 'An area code has 12 or 15 digits',
  addRule: 'Add rule',
  ruleAdded: 'Rule added',
  deleteRule: 'Delete',
  deleteRuleConfirm: 'Delete this routing rule?',
  ruleDeleted: 'Rule deleted',
};

export default caseAdminEn;

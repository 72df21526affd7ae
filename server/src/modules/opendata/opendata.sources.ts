import type { Db } from '../../db/database.ts';
import { activeAreaTree, districtRootArea } from '../areas/index.ts';
import { casesByCategoryMonth, departmentFigures, topCategories } from '../cases/index.ts';
import { listDepartments } from '../departments/index.ts';
import { publishedStatementLines } from '../disclosure/index.ts';
import { publishedDecisions } from '../enforcement/index.ts';
import { publishedPublicNotices } from '../notices/index.ts';
import { answeredPublicQuestions } from '../questions/index.ts';
import {
  housesByGridUsage,
  populationByGridBand,
  publicComponents,
  publicOrganizations,
} from '../registry/index.ts';

/**
 * What the datasets are computed from, each through its owning module's public face (areas,
 * registry, cases, departments, notices, questions, enforcement, disclosure): district-wide aggregates and
 * public attributes only. No person's name, ID or phone; no organization's responsible person or
 * contact phone; no asker of a question, no author of a notice.
 */
export {
  answeredPublicQuestions,
  casesByCategoryMonth,
  housesByGridUsage,
  populationByGridBand,
  publishedDecisions,
  publishedPublicNotices,
  topCategories,
};
export const activeAreas = activeAreaTree;
export const districtRoot = districtRootArea;
export const components = publicComponents;
export const organizations = publicOrganizations;

/** Every published committee statement's lines, current revisions, district-wide. */
export async function committeeStatementLines(db: Db) {
  const root = await districtRootArea(db);
  return root ? publishedStatementLines(db, root.code) : [];
}

/** Per current department: steps finished and on time; closed cases rated and satisfied. */
export async function departmentPerformance(db: Db) {
  const [departments, figures] = await Promise.all([listDepartments(db, false), departmentFigures(db)]);
  const byCode = new Map(figures.map((f) => [f.department_code, f]));
  return departments.map((d) => {
    const f = byCode.get(d.code);
    return {
      code: d.code,
      name_zh: d.name_zh,
      name_en: d.name_en,
      finished: f?.finished ?? 0,
      on_time: f?.on_time ?? 0,
      rated: f?.rated ?? 0,
      satisfied: f?.satisfied ?? 0,
    };
  });
}

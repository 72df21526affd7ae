import { Alert, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoundaryProblem } from './areas.model';

/**
 * Boundary problems as the server words them: each message already says where (polygon, ring,
 * vertex) in the caller's language; the code tag is for whoever has to look it up.
 */
export function ProblemList({
  problems,
  compact = false,
}: {
  problems: BoundaryProblem[];
  compact?: boolean;
}) {
  const list = (
    <ul className="cg-problems" data-testid="boundary-problems">
      {problems.map((problem) => (
        <li key={`${problem.code}:${problem.polygon}:${problem.ring}:${problem.vertex}:${problem.message}`}>
          <span>{problem.message}</span> <Tag className="cg-problem-code">{problem.code}</Tag>
        </li>
      ))}
    </ul>
  );
  return compact ? list : <BoundaryProblemsAlert problems={problems} list={list} />;
}

function BoundaryProblemsAlert({ problems, list }: { problems: BoundaryProblem[]; list: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={t('areas.boundaryProblems', { count: problems.length })}
      description={list}
    />
  );
}

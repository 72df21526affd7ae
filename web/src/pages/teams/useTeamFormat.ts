import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { type Force, type Member, TEAMS } from './teams.api';

/** Readable names for a member's team or force, and the options to choose one. */
export function useTeamFormat() {
  const { t } = useTranslation();

  const belongsTo = useCallback(
    (member: Pick<Member, 'team' | 'forceCode' | 'forceName'>) =>
      member.team ? t(`teams.team.${member.team}`) : (member.forceName ?? member.forceCode ?? '—'),
    [t],
  );

  const belongsToOptions = useCallback(
    (forces: Force[] | undefined) => [
      {
        label: t('teams.teamsGroup'),
        options: TEAMS.map((team) => ({ value: `team:${team}`, label: t(`teams.team.${team}`) })),
      },
      {
        label: t('teams.forcesGroup'),
        options: (forces ?? []).map((force) => ({ value: `force:${force.code}`, label: force.name })),
      },
    ],
    [t],
  );

  return { belongsTo, belongsToOptions };
}

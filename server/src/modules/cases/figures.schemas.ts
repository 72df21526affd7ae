import { Type } from 'typebox';
import { CASE_STATES } from '../../db/types.ts';
import { AreaCode } from '../../geo/area-code.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, Beijing time' });
const Rate = Type.Union([Type.Number(), Type.Null()]);
const Count = Type.Integer({ minimum: 0 });

export const FiguresQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    groupBy: Type.Enum(['grid', 'community', 'street', 'department', 'category', 'day'], {
      default: 'community',
    }),
  },
  { additionalProperties: false },
);

export const FiguresSchema = Type.Object({
  from: Day,
  to: Day,
  groupBy: Type.String(),
  rows: Type.Array(
    Type.Object({
      key: Type.String({
        description: "Area code, department or category code, or day; '' for no department",
      }),
      name: Type.String(),
      reported: Count,
      closed: Count,
      open: Count,
      byState: Type.Record(Type.String(), Count),
      onTimeRate: Type.Object({
        register: Rate,
        dispatch: Rate,
        handle: Rate,
        verify: Rate,
        close: Rate,
      }),
      closureRate: Rate,
      avgHandlingHours: Rate,
      p90HandlingHours: Rate,
      reopenRate: Rate,
      satisfaction: Rate,
      satisfactionCount: Count,
      selfSolvedShare: Rate,
      rank: Type.Integer({ minimum: 1 }),
    }),
  ),
});

const Named = { code: Type.String(), name: Type.String(), reported: Count, closed: Count };

export const OverviewSchema = Type.Object({
  since: Day,
  today: Day,
  total: Count,
  open: Count,
  overdue: Count,
  yellow: Count,
  red: Count,
  byState: Type.Array(Type.Object({ state: Type.Enum(CASE_STATES), count: Count })),
  byCategory: Type.Array(Type.Object(Named)),
  byGrid: Type.Array(Type.Object(Named)),
  byDay: Type.Array(Type.Object({ day: Day, reported: Count, closed: Count })),
});

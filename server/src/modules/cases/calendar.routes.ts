import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import * as calendar from './calendar.ts';
import { WorkingHoursSchema } from './calendar.ts';

const Kind = Type.Enum(['holiday', 'workday']);
const DayParams = Type.Object(
  { day: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }) },
  { additionalProperties: false },
);
const CalendarDay = Type.Object({
  day: Type.String(),
  kind: Kind,
  name: Type.Union([Type.String(), Type.Null()]),
});
const problems = { 401: ProblemSchema, 403: ProblemSchema };
const writeProblems = { ...problems, 400: ProblemSchema, 422: ProblemSchema };
const tags = ['cases'];

export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/calendar',
    {
      schema: {
        tags,
        summary: "The working calendar: a year's holidays and make-up workdays, and the working hours",
        querystring: Type.Object(
          { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            year: Type.Integer(),
            hours: WorkingHoursSchema,
            days: Type.Array(CalendarDay),
          }),
          400: ProblemSchema,
          ...problems,
        },
      },
    },
    async (request) => calendar.getCalendar(app.db, request.auth, request.query.year),
  );

  app.put(
    '/api/calendar/days/:day',
    {
      schema: {
        tags,
        summary: 'Make a day a holiday or a workday, whatever its day of the week',
        params: DayParams,
        body: Type.Object(
          {
            kind: Kind,
            name: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: CalendarDay, ...writeProblems },
      },
    },
    async (request) => calendar.putCalendarDay(app.db, request.auth, request.params.day, request.body),
  );

  app.delete(
    '/api/calendar/days/:day',
    {
      schema: {
        tags,
        summary: 'Let a day follow the Monday–Friday week again',
        params: DayParams,
        response: { 204: Type.Null(), ...writeProblems },
      },
    },
    async (request, reply) => {
      await calendar.deleteCalendarDay(app.db, request.auth, request.params.day);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/calendar/hours',
    {
      schema: {
        tags,
        summary: 'Change the working hours deadlines are counted in',
        body: WorkingHoursSchema,
        response: { 200: WorkingHoursSchema, ...writeProblems },
      },
    },
    async (request) => calendar.putWorkingHours(app.db, request.auth, request.body),
  );
};

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requirePermission } from '../../platform/auth/auth.service.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { importAccounts, MAX_IMPORT_BYTES, readAccountsFile } from './users.import.ts';
import {
  CreateUserBody,
  GrantsResponse,
  ImportQuery,
  ImportResponse,
  UpdateUserBody,
  UserIdParams,
  UserSchema,
  UsersQuery,
  UserWithPassword,
} from './users.schemas.ts';
import * as users from './users.service.ts';

const tags = ['accounts'];
const problems = { 401: ProblemSchema, 403: ProblemSchema };
const lang = (request: { headers: Record<string, unknown> }) =>
  langOf(request.headers['accept-language'] as string | undefined);

/** Account administration (accounts.manage): the accounts of one's area that one's role may grant. */
export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx: users.UsersContext = { db: app.db, pii: app.pii };

  // The import's file is the body (CSV or XLSX), as ledgers are uploaded.
  app.addContentTypeParser(
    [
      'application/octet-stream',
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Accounts of the caller’s area that they manage, by role, area, state and text',
        querystring: UsersQuery,
        response: { 200: Type.Object({ items: Type.Array(UserSchema), total: Type.Integer() }), ...problems },
      },
    },
    (request) => users.listUsers(ctx, request.auth, request.query, lang(request)),
  );

  app.get(
    '/api/users/grants',
    {
      schema: {
        tags,
        summary: 'The roles the caller may give to accounts',
        response: { 200: GrantsResponse, ...problems },
      },
    },
    async (request) => users.grants(request.auth),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Create an account; answers its temporary password once (to be changed at first login)',
        body: CreateUserBody,
        response: { 201: UserWithPassword, 409: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await users.createUser(ctx, request.auth, request.body, lang(request))),
  );

  app.post(
    '/api/users/import',
    {
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags,
        summary:
          'Create accounts from a CSV or XLSX file (the body): all or none; answers the temporary passwords once as an XLSX',
        querystring: ImportQuery,
        response: {
          200: ImportResponse,
          201: ImportResponse,
          413: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const admin = requirePermission(request.auth, 'accounts.manage');
      const file = path.join(os.tmpdir(), `civicgrid-users-${randomUUID()}`);
      const body = Buffer.isBuffer(request.body)
        ? request.body
        : Buffer.from(JSON.stringify(request.body ?? ''));
      await fs.promises.writeFile(file, body, { mode: 0o600 });
      try {
        const rows = await readAccountsFile(file);
        const dryRun = request.query.dryRun ?? false;
        const result = await importAccounts(ctx, admin, rows, { dryRun, lang: lang(request) });
        return reply.code(dryRun ? 200 : 201).send({
          dryRun,
          count: result.accounts.length,
          accounts: result.accounts.map((a) => ({
            row: a.row,
            username: a.username,
            displayName: a.display_name,
            role: a.role,
            areaCode: a.area_code,
            departmentCode: a.department_code,
          })),
          passwordsFile: result.passwordsFile?.toString('base64') ?? null,
          fileName: result.fileName,
        });
      } finally {
        await fs.promises.rm(file, { force: true });
      }
    },
  );

  app.get(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'One account the caller manages',
        params: UserIdParams,
        response: { 200: UserSchema, 404: ProblemSchema, ...problems },
      },
    },
    (request) => users.getUser(ctx, request.auth, request.params.id, lang(request)),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Change an account’s name, role, area, department or work phone (with its version)',
        params: UserIdParams,
        body: UpdateUserBody,
        response: {
          200: UserSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
          ...problems,
        },
      },
    },
    (request) => users.updateUser(ctx, request.auth, request.params.id, request.body, lang(request)),
  );

  for (const action of ['disable', 'enable', 'unlock'] as const)
    app.post(
      `/api/users/:id/${action}`,
      {
        schema: {
          tags,
          summary: {
            disable: 'Disable an account: its sessions end at once',
            enable: 'Enable a disabled account',
            unlock: 'Lift the lock that failed logins put on an account',
          }[action],
          params: UserIdParams,
          response: { 200: UserSchema, 404: ProblemSchema, 409: ProblemSchema, ...problems },
        },
      },
      (request) => users.setState(ctx, request.auth, request.params.id, action, lang(request)),
    );

  app.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags,
        summary: 'A new temporary password, answered once; every session of the account ends',
        params: UserIdParams,
        response: { 200: UserWithPassword, 404: ProblemSchema, 409: ProblemSchema, ...problems },
      },
    },
    (request) => users.resetPassword(ctx, request.auth, request.params.id, lang(request)),
  );
};

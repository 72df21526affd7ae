import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { ORG_READS } from './orgs.repository.ts';
import { CreateOrgBody, type Org, OrgSchema, OrgsQuery, UpdateOrgBody } from './orgs.schemas.ts';
import * as orgs from './orgs.service.ts';
import { type RetireBody, registerRecordRoutes } from './records.routes.ts';
import { orgColumns } from './registry.exports.ts';

export const orgsRoutes: FastifyPluginAsync = async (app) => {
  const ctx = { db: app.db, pii: app.pii, gridIndex: app.gridIndex };
  registerRecordRoutes<OrgsQuery, CreateOrgBody, UpdateOrgBody, Static<typeof RetireBody>, Org>(app, {
    path: '/api/orgs',
    tag: 'orgs',
    noun: 'organization',
    schemas: { item: OrgSchema, query: OrgsQuery, create: CreateOrgBody, update: UpdateOrgBody },
    exportColumns: orgColumns,
    reads: ORG_READS,
    service: {
      list: (auth, query) => orgs.listOrgs(ctx, auth, query),
      get: (auth, id) => orgs.getOrg(ctx, auth, id),
      history: (auth, id) => orgs.orgHistory(ctx, auth, id),
      create: (auth, body) => orgs.createOrg(ctx, auth, body),
      update: (auth, id, body) => orgs.updateOrg(ctx, auth, id, body),
      retire: (auth, id, body) => orgs.retireOrg(ctx, auth, id, body),
    },
  });
};

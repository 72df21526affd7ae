import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import QRCode from 'qrcode';
import { type Static, Type } from 'typebox';
import type { Db } from '../../db/database.ts';
import { levelOfCode } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { ProblemSchema } from '../../platform/http.ts';
import * as repo from './links.repository.ts';

/**
 * Community links: a community's WeChat and Weibo groups and official accounts, each with a QR
 * code made on the server (SVG), shown in the resident app and printed as a poster sheet.
 */
const LinkKind = Type.Enum(['wechat_group', 'wechat_account', 'weibo', 'other']);
const LinkBody = Type.Object(
  {
    kind: LinkKind,
    name: Type.String({ minLength: 1, maxLength: 60 }),
    url: Type.String({ minLength: 8, maxLength: 500, pattern: '^https?://' }),
  },
  { additionalProperties: false },
);
const LinksBody = Type.Object(
  { links: Type.Array(LinkBody, { maxItems: 30 }) },
  { additionalProperties: false },
);
const LinkSchema = Type.Object({
  kind: LinkKind,
  name: Type.String(),
  url: Type.String(),
  qrSvg: Type.String(),
});
const Params = Type.Object({ code: Type.String({ pattern: '^[0-9]{12}$' }) });
const KIND_NAMES: Record<string, string> = {
  wechat_group: '微信群',
  wechat_account: '微信公众号',
  weibo: '微博',
  other: '链接',
};

export async function communityLinks(db: Db, communityCode: string) {
  const rows = await repo.linksOf(db, communityCode);
  return Promise.all(
    rows.map(async (r) => ({
      kind: r.kind,
      name: r.name,
      url: r.url,
      qrSvg: await QRCode.toString(r.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
    })),
  );
}

export async function putLinks(db: Db, auth: Auth | null, code: string, links: Static<typeof LinkBody>[]) {
  const caller = requirePermission(auth, 'notices.publish');
  resolveScope(caller, code);
  if (levelOfCode(code) !== 'community') throw new AppError('area_not_found', { code });
  await repo.replaceLinks(
    db,
    code,
    links.map((l, i) => ({ community_code: code, kind: l.kind, name: l.name.trim(), url: l.url, sort: i })),
  );
  await audit(db, caller, {
    action: 'links.put',
    targetType: 'area',
    targetId: code,
    detail: { count: links.length },
  });
  return communityLinks(db, code);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A printable A4 sheet of the community's QR codes. */
export async function posterHtml(db: Db, code: string) {
  const links = await communityLinks(db, code);
  const cells = links
    .map(
      (l) =>
        `<figure>${l.qrSvg}<figcaption><b>${escapeHtml(l.name)}</b><br>${KIND_NAMES[l.kind]}</figcaption></figure>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>社区线上群 · 扫码加入</title>
<style>@page{size:A4;margin:15mm}body{font-family:sans-serif}h1{text-align:center}
main{display:grid;grid-template-columns:repeat(3,1fr);gap:10mm}figure{margin:0;text-align:center}
figure svg{width:50mm;height:50mm}</style></head><body><h1>扫码加入社区线上群</h1><main>${cells}</main></body></html>`;
}

export const linksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['notices'];
  app.get(
    '/api/public/communities/:code/links',
    {
      schema: {
        tags,
        security: [],
        summary: "A community's WeChat/Weibo groups and official accounts, with QR codes (SVG)",
        params: Params,
        response: { 200: Type.Array(LinkSchema) },
      },
    },
    async (request) => communityLinks(app.db, request.params.code),
  );
  app.get(
    '/api/public/communities/:code/links/poster',
    {
      schema: {
        tags,
        security: [],
        summary: "The community's QR codes as a printable poster sheet (HTML)",
        params: Params,
        response: { 200: Type.String() },
      },
    },
    async (request, reply) =>
      reply.type('text/html; charset=utf-8').send(await posterHtml(app.db, request.params.code)),
  );
  app.put(
    '/api/communities/:code/links',
    {
      schema: {
        tags,
        summary: "Set a community's links (in this order)",
        params: Params,
        body: LinksBody,
        response: { 200: Type.Array(LinkSchema), 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => putLinks(app.db, request.auth, request.params.code, request.body.links),
  );
};

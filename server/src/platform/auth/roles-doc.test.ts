import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, permissionsOf, ROLES } from './permissions.ts';

/** The permission table of docs/roles.md, as `permission → roles`. */
function documentedGrants(): Record<string, string[]> {
  const doc = fs.readFileSync(new URL('../../../../docs/roles.md', import.meta.url), 'utf8');
  const section = doc.slice(
    doc.indexOf('## Permissions now'),
    doc.indexOf('\n## ', doc.indexOf('## Permissions now') + 1),
  );
  const grants: Record<string, string[]> = {};
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const permission = /^`([a-z.]+)`/.exec(cells[1] ?? '')?.[1];
    if (!permission) continue;
    grants[permission] = [...(cells[2] ?? '').matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!).sort();
  }
  return grants;
}

describe('docs/roles.md', () => {
  it('lists every permission with exactly the roles the code grants it to', () => {
    const inCode = Object.fromEntries(
      PERMISSIONS.map((p) => [p, ROLES.filter((role) => permissionsOf(role).includes(p)).sort()]),
    );
    expect(documentedGrants()).toEqual(inCode);
  });
});

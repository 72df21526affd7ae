import { randomInt } from 'node:crypto';
import { isWithin } from '../../geo/area-code.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { passwordProblems } from '../../platform/auth/password-policy.ts';
import { grantableRoles, isRole, ROLES, type Role } from '../../platform/auth/permissions.ts';
import type { Pii } from '../../platform/pii.ts';
import { checkPhone, maskPhone } from '../registry/index.ts';
import { FieldRefusal } from './users.messages.ts';

/**
 * What an account may be, checked the same way for one made in the form and for 300 from a file:
 * a role the creator may grant, an area inside theirs (a grid for a grid worker), an active
 * department for a department handler, a valid work phone. Areas and departments are loaded once.
 */

export interface AccountInput {
  username?: string;
  displayName?: string;
  /** A role code, or its name in Chinese or English (from a file). */
  role?: string;
  /** An area code, or a path of names: 东湖街道/桃园社区/第3网格. */
  area?: string;
  /** A department code or name. */
  department?: string | null;
  workPhone?: string | null;
}

export interface CheckedAccount {
  username: string;
  display_name: string;
  role: Role;
  area_code: string;
  department_code: string | null;
  work_phone_enc: string | null;
  work_phone_mask: string | null;
}

export const ROLE_NAMES: Record<Role, [zh: string, en: string]> = {
  district_admin: ['区级管理员', 'district administrator'],
  command_operator: ['指挥中心坐席', 'command-centre operator'],
  dept_handler: ['职能部门处置人员', 'department handler'],
  area_leader: ['街道/社区领导', 'area leader'],
  grid_worker: ['网格员', 'grid worker'],
  deputy: ['两代表一委员', 'deputy'],
  resident: ['居民', 'resident'],
  audit_admin: ['审计管理员', 'audit administrator'],
  enforcement_officer: ['执法人员', 'enforcement officer'],
  legal_reviewer: ['法制审核人员', 'legal reviewer'],
  mediator: ['人民调解员', 'people’s mediator'],
  party_admin: ['党务管理员', 'party administrator'],
  partner: ['合作伙伴', 'partner'],
};

const ROLE_ALIASES = new Map<string, Role>();
for (const role of ROLES) {
  ROLE_ALIASES.set(role, role);
  for (const name of ROLE_NAMES[role]) ROLE_ALIASES.set(name.toLowerCase(), role);
}
ROLE_ALIASES.set('网格管理员', 'grid_worker');
ROLE_ALIASES.set('街道领导', 'area_leader');
ROLE_ALIASES.set('社区领导', 'area_leader');

export const USERNAME = /^[a-z0-9_.-]{3,40}$/;

interface Area {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
}

const refuse = (field: string, code: string): never => {
  throw new FieldRefusal({ field, code });
};

export class AccountRules {
  private readonly byCode = new Map<string, Area>();
  /** Name paths (from the district, and from below it) → codes; more than one code: ambiguous. */
  private readonly byPath = new Map<string, string[]>();
  private readonly departments = new Map<string, string>();
  readonly grantable: readonly Role[];

  constructor(
    private readonly admin: Auth,
    private readonly pii: Pii,
    areas: Area[],
    departments: { code: string; name_zh: string; name_en: string }[],
  ) {
    this.grantable = grantableRoles(admin.role);
    for (const a of areas) this.byCode.set(a.code, a);
    for (const a of areas) {
      const names: string[] = [];
      for (
        let at: Area | undefined = a;
        at;
        at = at.parent_code ? this.byCode.get(at.parent_code) : undefined
      )
        names.unshift(at.name.trim());
      // "东湖街道/桃园社区/第3网格" and "某某区/东湖街道/…" both name the grid; so does any tail.
      for (let from = 0; from < names.length; from++) {
        const key = names.slice(from).join('/');
        this.byPath.set(key, [...(this.byPath.get(key) ?? []), a.code]);
      }
    }
    for (const d of departments) {
      this.departments.set(d.code, d.code);
      this.departments.set(d.name_zh, d.code);
      this.departments.set(d.name_en.toLowerCase(), d.code);
    }
  }

  username(raw: string | undefined): string {
    const name = (raw ?? '').trim().toLowerCase();
    if (name === '') return refuse('username', 'required');
    if (!USERNAME.test(name)) return refuse('username', 'bad_username');
    return name;
  }

  displayName(raw: string | undefined): string {
    const name = (raw ?? '').trim();
    if (name === '') return refuse('displayName', 'required');
    if ([...name].length > 50) return refuse('displayName', 'too_long');
    return name;
  }

  role(raw: string | undefined): Role {
    const text = (raw ?? '').trim();
    if (text === '') return refuse('role', 'required');
    const role = isRole(text) ? text : ROLE_ALIASES.get(text.toLowerCase());
    if (!role) return refuse('role', 'unknown_role');
    if (!this.grantable.includes(role)) return refuse('role', 'role_not_grantable');
    return role;
  }

  area(raw: string | undefined, role: Role): string {
    const text = (raw ?? '').trim().replace(/\s*[/／>＞]\s*/g, '/');
    if (text === '') return refuse('areaCode', 'required');
    let code: string | undefined;
    if (/^\d{12}(\d{3})?$/.test(text)) code = text;
    else {
      const codes = this.byPath.get(text);
      if (codes && codes.length > 1) return refuse('areaCode', 'area_ambiguous');
      code = codes?.[0];
    }
    if (!code || !this.byCode.has(code) || !isWithin(code, this.admin.areaCode))
      return refuse('areaCode', 'area_outside_scope');
    if (role === 'grid_worker' && this.byCode.get(code)!.level !== 'grid')
      return refuse('areaCode', 'grid_required');
    return code;
  }

  department(raw: string | null | undefined, role: Role): string | null {
    const text = (raw ?? '').trim();
    if (text === '') return role === 'dept_handler' ? refuse('departmentCode', 'department_required') : null;
    return (
      this.departments.get(text) ??
      this.departments.get(text.toLowerCase()) ??
      refuse('departmentCode', 'unknown_department')
    );
  }

  workPhone(raw: string | null | undefined): { enc: string | null; mask: string | null } {
    if (raw === null || raw === undefined || raw.trim() === '') return { enc: null, mask: null };
    const checked = checkPhone(raw);
    if (!checked.ok) return refuse('workPhone', 'bad_phone');
    return { enc: this.pii.encrypt(checked.phone), mask: maskPhone(checked.phone) };
  }

  /** Every field of a new account; the first problem of each field, all fields checked. */
  check(input: AccountInput): { values?: CheckedAccount; problems: FieldRefusal['problem'][] } {
    const problems: FieldRefusal['problem'][] = [];
    const attempt = <T>(work: () => T): T | undefined => {
      try {
        return work();
      } catch (error) {
        if (!(error instanceof FieldRefusal)) throw error;
        problems.push(error.problem);
        return undefined;
      }
    };
    const username = attempt(() => this.username(input.username));
    const displayName = attempt(() => this.displayName(input.displayName));
    const role = attempt(() => this.role(input.role));
    const area = role ? attempt(() => this.area(input.area, role)) : undefined;
    const department = role ? attempt(() => this.department(input.department, role)) : undefined;
    const phone = attempt(() => this.workPhone(input.workPhone));
    if (
      problems.length > 0 ||
      !username ||
      !displayName ||
      !role ||
      !area ||
      department === undefined ||
      !phone
    )
      return { problems };
    return {
      problems,
      values: {
        username,
        display_name: displayName,
        role,
        area_code: area,
        department_code: department,
        work_phone_enc: phone.enc,
        work_phone_mask: phone.mask,
      },
    };
  }
}

// No 0/O, 1/l/I: read aloud or copied from paper without mistakes.
const UPPER = 'ABCDEFGHJKMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const DIGITS = '23456789';

/**
 * A temporary password: three groups of four from upper, lower and digits, joined by dashes
 * ("Kq7m-Xr3p-T9wz"): four classes, 14 characters, about 70 bits. Used once, then changed.
 */
export function temporaryPassword(username = ''): string {
  const all = UPPER + LOWER + DIGITS;
  for (;;) {
    const chars = Array.from({ length: 12 }, () => all[randomInt(all.length)]);
    // One of each class at a random place, so that every password has all three.
    const places = new Set<number>();
    while (places.size < 3) places.add(randomInt(12));
    const [a, b, c] = [...places];
    chars[a!] = UPPER[randomInt(UPPER.length)]!;
    chars[b!] = LOWER[randomInt(LOWER.length)]!;
    chars[c!] = DIGITS[randomInt(DIGITS.length)]!;
    const password = `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
    if (passwordProblems(password, username).length === 0) return password;
  }
}

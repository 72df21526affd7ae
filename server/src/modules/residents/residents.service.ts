import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { isWithin, levelOfCode } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { passwordProblems } from '../../platform/auth/password-policy.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import {
  checkIdNumber,
  checkPhone,
  maskIdNumber,
  maskPhone,
  matchRegisteredPerson,
} from '../registry/index.ts';
import { fieldError } from './residents.messages.ts';
import * as repo from './residents.repository.ts';
import type { ApplicationBody, SignupBody } from './residents.schemas.ts';
import { type SmsContext, smsSender } from './sms.ts';

export type ResidentsContext = SmsContext;

/** Tries per hour: per phone, per ID number, per address (an estate's shared address gets more). */
export const SIGNUP_LIMITS = { phone: 5, id: 5, address: 20 } as const;
const WINDOW_MS = 3_600_000;
const CODE_MINUTES = 10;
const MAX_CODE_ATTEMPTS = 5;

const codeHash = (signupId: string, code: string) =>
  createHash('sha256').update(`${signupId}:${code}`).digest();

/**
 * Counts the try against the phone, the ID number and the address before anything is checked,
 * so that guessing which of name, ID and phone is wrong costs tries whatever the answer.
 */
async function throttle(ctx: ResidentsContext, input: { idNumber: string; phone: string }, ip: string) {
  const counts = await repo.countAttempts(
    ctx.db,
    [
      { kind: 'phone', key: ctx.pii.hash(input.phone.replace(/\D/g, '').slice(-11)) },
      { kind: 'id', key: ctx.pii.hash(input.idNumber.trim().toUpperCase()) },
      { kind: 'address', key: ip },
    ],
    new Date(Date.now() - WINDOW_MS),
  );
  if (
    counts.phone > SIGNUP_LIMITS.phone ||
    counts.id > SIGNUP_LIMITS.id ||
    counts.address > SIGNUP_LIMITS.address
  )
    throw new AppError('signup_throttled');
}

async function checkAccount(ctx: ResidentsContext, input: { username: string; password: string }) {
  const problems = passwordProblems(input.password, input.username);
  if (problems.length > 0) throw fieldError('password', problems[0]);
  if (await repo.usernameTaken(ctx.db, input.username)) throw new AppError('username_taken');
}

async function sendCode(ctx: ResidentsContext, signupId: string, phone: string) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(Date.now() + CODE_MINUTES * 60_000);
  await repo.updateSignup(ctx.db, signupId, {
    code_hash: codeHash(signupId, code).toString('hex'),
    code_expires_at: expiresAt,
    code_attempts: 0,
  });
  await (await smsSender(ctx)).send(
    phone,
    `【网格通】您的注册验证码为 ${code}，${CODE_MINUTES} 分钟内有效。`,
  );
  return { signupId, phoneMask: maskPhone(phone), expiresAt: expiresAt.toISOString() };
}

function identity(ctx: ResidentsContext, input: { idNumber: string; phone: string }) {
  const id = checkIdNumber(input.idNumber);
  const phone = checkPhone(input.phone);
  if (!id.ok) throw fieldError('idNumber', id.problem);
  if (!phone.ok) throw fieldError('phone', phone.problem);
  return {
    idNumber: id.idNumber,
    phone: phone.phone,
    values: {
      id_number_enc: ctx.pii.encrypt(id.idNumber),
      id_number_hash: ctx.pii.hash(id.idNumber),
      id_number_mask: maskIdNumber(id.idNumber),
      phone_enc: ctx.pii.encrypt(phone.phone),
      phone_hash: ctx.pii.hash(phone.phone),
      phone_mask: maskPhone(phone.phone),
    },
  };
}

/** Step 1 of a registered resident's sign-up: the three must match one person; a code goes to the phone. */
export async function startSignup(ctx: ResidentsContext, input: SignupBody, ip: string) {
  await throttle(ctx, input, ip);
  const person = await matchRegisteredPerson(ctx.db, ctx.pii, input);
  // One answer whichever of the three did not match.
  if (!person) throw new AppError('signup_no_match');
  await checkAccount(ctx, input);
  const who = identity(ctx, input);
  const { id } = await repo.insertSignup(ctx.db, {
    kind: 'verified',
    person_id: person.personId,
    name: person.name,
    ...who.values,
    community_code: person.gridCode.slice(0, 12),
    grid_code: person.gridCode,
    username: input.username,
    password_hash: await hashPassword(input.password),
    state: 'code_sent',
  });
  return sendCode(ctx, id, who.phone);
}

/** Someone not in the registry applies; after the phone code, a community worker decides. */
export async function startApplication(ctx: ResidentsContext, input: ApplicationBody, ip: string) {
  await throttle(ctx, input, ip);
  const community = await repo.activeArea(ctx.db, input.communityCode);
  if (community?.level !== 'community') throw fieldError('communityCode', 'outside_scope');
  await checkAccount(ctx, input);
  const who = identity(ctx, input);
  const { id } = await repo.insertSignup(ctx.db, {
    kind: 'application',
    name: input.name.trim(),
    ...who.values,
    community_code: input.communityCode,
    address: input.address.trim(),
    note: input.note?.trim() || null,
    username: input.username,
    password_hash: await hashPassword(input.password),
    state: 'code_sent',
  });
  return sendCode(ctx, id, who.phone);
}

/** Step 2: the code from the phone. A registered resident's account is made at once. */
export async function verifySignup(ctx: ResidentsContext, id: string, code: string) {
  const found = await repo.findSignup(ctx.db, id);
  if (found?.state !== 'code_sent' || !found.code_hash || !found.code_expires_at)
    throw new AppError('signup_not_found');
  // Every try counts before the code is compared, so parallel guesses cannot pass the limit.
  const tries = await repo.bumpCodeAttempts(ctx.db, id);
  if (tries > MAX_CODE_ATTEMPTS || found.code_expires_at < new Date())
    throw new AppError('signup_code_wrong');
  if (!timingSafeEqual(Buffer.from(found.code_hash, 'hex'), codeHash(id, code)))
    throw new AppError('signup_code_wrong');
  return ctx.db.transaction().execute(async (trx) => {
    const signup = await repo.lockSignup(trx, id);
    if (signup?.state !== 'code_sent') throw new AppError('signup_not_found');
    if (signup.kind === 'application') {
      await repo.updateSignup(trx, id, { state: 'awaiting_approval', code_hash: null });
      return { state: 'awaiting_approval' as const, username: signup.username };
    }
    const user = await repo.insertResident(trx, {
      username: signup.username,
      display_name: signup.name,
      password_hash: signup.password_hash,
      area_code: signup.grid_code ?? signup.community_code,
      created_by: null,
    });
    await repo.updateSignup(trx, id, { state: 'done', code_hash: null, user_id: user.id });
    await audit(trx, null, {
      action: 'resident.signup',
      targetType: 'user',
      targetId: user.id,
      detail: { username: user.username, personId: signup.person_id },
    });
    return { state: 'done' as const, username: user.username };
  });
}

export async function listApplications(
  ctx: ResidentsContext,
  auth: Auth | null,
  query: { areaCode?: string },
) {
  const caller = requirePermission(auth, 'residents.approve');
  const scope = resolveScope(caller, query.areaCode);
  // A grid worker decides for their community: applicants have no grid until approved.
  const rows = await repo.applications(ctx.db, levelOfCode(scope) === 'grid' ? scope.slice(0, 12) : scope);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    idNumberMask: r.id_number_mask,
    phoneMask: r.phone_mask,
    communityCode: r.community_code,
    address: r.address,
    note: r.note,
    username: r.username,
    createdAt: r.created_at.toISOString(),
  }));
}

async function pending(ctx: ResidentsContext, caller: Auth, id: string) {
  const signup = await repo.findSignup(ctx.db, id);
  // A grid worker's scope is a grid: they decide the applications of their community.
  const visible =
    signup &&
    signup.kind === 'application' &&
    (isWithin(signup.community_code, caller.areaCode) ||
      (levelOfCode(caller.areaCode) === 'grid' && caller.areaCode.startsWith(signup.community_code)));
  if (!visible) throw new AppError('signup_not_found');
  if (signup.state !== 'awaiting_approval') throw new AppError('signup_not_found');
  return signup;
}

export async function approve(ctx: ResidentsContext, auth: Auth | null, id: string, gridCode: string) {
  const caller = requirePermission(auth, 'residents.approve');
  const signup = await pending(ctx, caller, id);
  const grid = await repo.activeArea(ctx.db, gridCode);
  if (
    grid?.level !== 'grid' ||
    !gridCode.startsWith(signup.community_code) ||
    !isWithin(gridCode, caller.areaCode)
  )
    throw fieldError('gridCode', 'outside_scope');
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockSignup(trx, id);
    if (locked?.state !== 'awaiting_approval') throw new AppError('signup_not_found');
    const user = await repo.insertResident(trx, {
      username: locked.username,
      display_name: locked.name,
      password_hash: locked.password_hash,
      area_code: gridCode,
      created_by: caller.userId,
    });
    await repo.updateSignup(trx, id, {
      state: 'done',
      user_id: user.id,
      grid_code: gridCode,
      decided_by: caller.userId,
      decided_at: new Date(),
    });
    await audit(trx, caller, {
      action: 'resident.approve',
      targetType: 'user',
      targetId: user.id,
      detail: { gridCode },
    });
    return { state: 'done' as const, username: user.username };
  });
}

export async function reject(ctx: ResidentsContext, auth: Auth | null, id: string, reason: string) {
  const caller = requirePermission(auth, 'residents.approve');
  await pending(ctx, caller, id);
  await repo.updateSignup(ctx.db, id, {
    state: 'rejected',
    reason,
    decided_by: caller.userId,
    decided_at: new Date(),
  });
  await audit(ctx.db, caller, {
    action: 'resident.reject',
    targetType: 'resident_signup',
    targetId: id,
    detail: { reason },
  });
}

export async function getSmsSettings(ctx: ResidentsContext, auth: Auth | null) {
  requirePermission(auth, 'residents.configure');
  const current = await repo.smsGatewaySetting(ctx.db);
  return { url: current?.url ?? null, hasSecret: Boolean(current?.secretEnc) };
}

export async function putSmsSettings(
  ctx: ResidentsContext,
  auth: Auth | null,
  input: { url: string | null; secret?: string },
) {
  const caller = requirePermission(auth, 'residents.configure');
  const current = await repo.smsGatewaySetting(ctx.db);
  const secretEnc = input.secret ? ctx.pii.encrypt(input.secret) : (current?.secretEnc ?? null);
  if (input.url && !secretEnc) throw fieldError('secret', 'required');
  await repo.putSmsGatewaySetting(
    ctx.db,
    input.url && secretEnc ? { url: input.url, secretEnc } : null,
    caller.userId,
  );
  await audit(ctx.db, caller, {
    action: 'sms.configure',
    targetType: 'setting',
    targetId: 'sms.gateway',
    detail: { url: input.url },
  });
  return getSmsSettings(ctx, caller);
}

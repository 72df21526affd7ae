import { type Kysely, sql } from 'kysely';

/**
 * The residents' channel: public questions to deputies and departments (网络问政), their history,
 * followers ("me too"), photos, and the notifications residents read in the resident app.
 * Nothing is ever deleted: a moderator hides a question with a reason, and the history keeps why.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table questions (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      asker_id uuid not null references users (id),
      -- The asker's community and grid when asking: the area the question belongs to.
      community_code text not null references areas (code),
      grid_code text references areas (code),
      answerer_kind text not null check (answerer_kind in ('deputy', 'department')),
      answerer_id uuid references users (id),
      department_code text references departments (code),
      is_public boolean not null,
      -- The text as published: ID numbers, phone numbers and plates already masked.
      text text not null,
      state text not null check (state in ('held', 'hidden', 'open', 'answered')),
      held_words text[] not null default '{}',
      moderation_reason text,
      asked_at timestamptz not null default now(),
      -- When the answer is due (working calendar), and the warning level reached so far.
      due_at timestamptz,
      alarm text check (alarm in ('yellow', 'red')),
      escalated boolean not null default false,
      answer_draft text,
      answer_text text,
      answerer_name text,
      answered_at timestamptz,
      answer_edited_at timestamptz,
      answered_on_time boolean,
      rating smallint check (rating between 1 and 5),
      rating_comment text,
      rated_at timestamptz,
      reopened_at timestamptz,
      case_id uuid references cases (id),
      follower_count integer not null default 0,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((answerer_kind = 'deputy') = (answerer_id is not null)),
      check ((answerer_kind = 'department') = (department_code is not null))
    );
    create index questions_community_idx on questions (community_code, asked_at desc);
    create index questions_answerer_idx on questions (answerer_id, state);
    create index questions_department_idx on questions (department_code, state);
    create index questions_asker_idx on questions (asker_id, asked_at desc);
    create index questions_due_idx on questions (due_at) where state = 'open';
    create sequence question_numbers;

    create table question_events (
      id bigserial primary key,
      question_id uuid not null references questions (id),
      actor_id uuid references users (id),
      actor_name text,
      action text not null,
      note text,
      data jsonb not null default '{}',
      at timestamptz not null default now()
    );
    create index question_events_question_idx on question_events (question_id, id);

    create table question_followers (
      question_id uuid not null references questions (id),
      user_id uuid not null references users (id),
      at timestamptz not null default now(),
      primary key (question_id, user_id)
    );

    create table question_photos (
      id uuid primary key default gen_random_uuid(),
      question_id uuid not null references questions (id),
      file_name text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null,
      created_at timestamptz not null default now()
    );
    create index question_photos_question_idx on question_photos (question_id);

    create table resident_notifications (
      id bigserial primary key,
      user_id uuid not null references users (id),
      kind text not null,
      subject_id uuid not null,
      message text not null,
      created_at timestamptz not null default now(),
      read_at timestamptz
    );
    create index resident_notifications_user_idx on resident_notifications (user_id, id desc);

    -- A resident's sign-up: verified against the registry (kind 'verified') or, for someone not
    -- in it, an application a community worker approves. The account exists once it is done.
    create table resident_signups (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('verified', 'application')),
      person_id uuid references people (id),
      name text not null,
      id_number_enc text not null,
      id_number_hash text not null,
      id_number_mask text not null,
      phone_enc text not null,
      phone_hash text not null,
      phone_mask text not null,
      community_code text not null references areas (code),
      grid_code text references areas (code),
      address text,
      note text,
      username text not null,
      password_hash text not null,
      code_hash text,
      code_expires_at timestamptz,
      code_attempts integer not null default 0,
      state text not null check (state in ('code_sent', 'awaiting_approval', 'done', 'rejected')),
      reason text,
      user_id uuid references users (id),
      decided_by uuid references users (id),
      decided_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index resident_signups_community_idx on resident_signups (community_code, state);

    -- Sign-up tries, counted per phone, per ID number (keyed hashes) and per address.
    create table signup_attempts (
      id bigserial primary key,
      kind text not null check (kind in ('phone', 'id', 'address')),
      key text not null,
      at timestamptz not null default now()
    );
    create index signup_attempts_key_idx on signup_attempts (kind, key, at);

    -- Community and street notices to the residents of target areas (down to grids).
    create table notices (
      id uuid primary key default gen_random_uuid(),
      title text not null,
      body text not null,
      area_codes text[] not null,
      author_id uuid references users (id),
      author_name text not null,
      pinned boolean not null default false,
      important boolean not null default false,
      is_public boolean not null default false,
      published_at timestamptz not null default now(),
      expires_at timestamptz,
      retired_at timestamptz,
      version integer not null default 1
    );
    create index notices_areas_idx on notices using gin (area_codes);
    create index notices_published_idx on notices (published_at desc);

    create table notice_attachments (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id),
      file_name text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null
    );
    create index notice_attachments_notice_idx on notice_attachments (notice_id);

    -- Read receipts: one per household (the first of its members to read), and per account.
    create table notice_reads (
      notice_id uuid not null references notices (id),
      user_id uuid not null references users (id),
      household_id uuid references households (id),
      read_at timestamptz not null default now(),
      primary key (notice_id, user_id)
    );
    create index notice_reads_household_idx on notice_reads (notice_id, household_id);

    -- A community's WeChat and Weibo groups and official accounts, shown with QR codes.
    create table community_links (
      id uuid primary key default gen_random_uuid(),
      community_code text not null references areas (code),
      kind text not null check (kind in ('wechat_group', 'wechat_account', 'weibo', 'other')),
      name text not null,
      url text not null,
      sort integer not null default 0
    );
    create index community_links_community_idx on community_links (community_code, sort);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table community_links;
    drop table notice_reads;
    drop table notice_attachments;
    drop table notices;
    drop table signup_attempts;
    drop table resident_signups;
    drop table resident_notifications;
    drop table question_photos;
    drop table question_followers;
    drop table question_events;
    drop table questions;
    drop sequence question_numbers;
  `.execute(db);
}

import type { Insertable, Selectable } from 'kysely';
import { executeTogetherReturning } from '../../db/bulk.ts';
import type { Db } from '../../db/database.ts';
import type { CaseStepsTable, CasesTable } from '../../db/types.ts';
import { type AuditValues, entriesInsert } from '../../platform/audit.repository.ts';
import { jobsInsert, type NewJob } from '../../platform/jobs.ts';
import type { CaseBus, CaseChange } from './cases.bus.ts';
import * as repo from './cases.repository.ts';

/** A report checked and computed, ready to be written: every row it adds. */
export interface PreparedReport {
  kase: repo.NewCase;
  event: repo.NewEvent;
  step: Insertable<CaseStepsTable> | null;
  alarm: NewJob | null;
  audit: AuditValues;
  change: CaseChange;
  /** The names its answer shows, from the cached catalogues: the row written needs no read-back. */
  names: { category_zh: string; category_en: string; grid_name: string };
  /** Where to look for its likely duplicates, when it has a point and its reporter is shown them. */
  probe: repo.Probe | null;
}

export type CaseRow = NonNullable<Awaited<ReturnType<typeof repo.findCase>>>;
export type NearbyRow = Awaited<ReturnType<typeof repo.nearbyOpenCases>>[number];

/** The report as written, and the open cases near it that may be the same thing. */
export interface WrittenReport {
  row: CaseRow;
  nearby: NearbyRow[];
}

interface Pending {
  report: PreparedReport;
  resolve: (written: WrittenReport) => void;
  reject: (error: unknown) => void;
}

/** At most this many reports share one transaction. */
const MAX_GROUP = 200;

/**
 * Group commit of reports. Each report written alone cost a transaction of seven statements, a
 * NOTIFY and two reads for its answer; under load the database spent its time starting,
 * planning and committing them (about 60 reports/s). Reports that arrive while a group is being
 * written make the next group: one statement writes all their rows (cases, timeline entries,
 * steps, warning jobs, audit entries) and returns the cases as written, one NOTIFY tells the
 * other instances, and one statement reads their likely duplicates. A lone report does not wait: it is a group of one.
 *
 * A group that fails is written again report by report, so a report that cannot be written fails
 * alone, with its own error, and the others are written as if it had not been there.
 */
export class ReportWriter {
  private readonly waiting: Pending[] = [];
  /** One group is written at a time; the reports arriving meanwhile make the next. */
  private writing = false;

  constructor(
    private readonly db: Db,
    private readonly bus: CaseBus,
    /** How near and how recent an open case must be to be a likely duplicate, now. */
    private readonly duplicateWindow: () => Promise<{ meters: number; since: Date }>,
  ) {}

  write(report: PreparedReport): Promise<WrittenReport> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ report, resolve, reject });
      this.next();
    });
  }

  private next() {
    if (this.writing || this.waiting.length === 0) return;
    const group = this.waiting.splice(0, MAX_GROUP);
    this.writing = true;
    void this.commit(group.map((p) => p.report)).then(
      (rows) => {
        this.writing = false;
        this.next();
        void this.answer(group, rows);
      },
      (error) => {
        this.writing = false;
        this.next();
        if (group.length === 1) group[0]!.reject(error);
        else for (const p of group) this.writeAlone(p);
      },
    );
  }

  /** A report of a group that failed, written on its own: it fails alone, with its own error. */
  private writeAlone(p: Pending) {
    this.commit([p.report]).then(
      (rows) => this.answer([p], rows),
      (error) => p.reject(error),
    );
  }

  private async answer(group: Pending[], rows: Selectable<CasesTable>[]) {
    this.bus.publishAll(group.map((p) => p.report.change));
    try {
      const written = await this.readBack(
        group.map((p) => p.report),
        rows,
      );
      for (const [i, p] of group.entries()) p.resolve(written[i]!);
    } catch (error) {
      for (const p of group) p.reject(error);
    }
  }

  /**
   * One statement: its parts are data-modifying CTEs, which commit together or not at all. It
   * answers the cases as written (their numbers and defaults filled in).
   */
  private async commit(reports: PreparedReport[]) {
    const steps = reports.flatMap((r) => (r.step ? [r.step] : []));
    const alarms = reports.flatMap((r) => (r.alarm ? [r.alarm] : []));
    const parts = [
      repo.casesInsertReturning(reports.map((r) => r.kase)),
      repo.eventsInsert(reports.map((r) => r.event)),
      ...(steps.length > 0 ? [repo.stepsInsert(steps)] : []),
      ...(alarms.length > 0 ? [jobsInsert(alarms)] : []),
      entriesInsert(reports.map((r) => r.audit)),
    ];
    return executeTogetherReturning<Selectable<CasesTable>>(this.db, parts);
  }

  /** The answers: the cases as written with their names, and the likely duplicates of each. */
  private async readBack(
    reports: PreparedReport[],
    rows: Selectable<CasesTable>[],
  ): Promise<WrittenReport[]> {
    const probes: repo.Probe[] = [];
    const probeOf = reports.map((r) => (r.probe ? probes.push(r.probe) - 1 : -1));
    const nearby =
      probes.length > 0 ? await repo.nearbyOpenCases(this.db, probes, await this.duplicateWindow()) : [];
    const names = new Map(reports.map((r) => [r.kase.id, r.names]));
    const byId = new Map<string, CaseRow>();
    for (const row of rows)
      byId.set(row.id, { ...row, ...names.get(row.id)!, department_zh: null, department_en: null });
    const nearbyOf = new Map<number, NearbyRow[]>();
    for (const n of nearby) {
      const list = nearbyOf.get(n.probe);
      if (list) list.push(n);
      else nearbyOf.set(n.probe, [n]);
    }
    return reports.map((r, i) => {
      const row = byId.get(r.kase.id);
      if (!row) throw new Error(`report ${r.kase.id} not found after its commit`);
      return { row, nearby: nearbyOf.get(probeOf[i]!) ?? [] };
    });
  }
}

import type { Insertable } from 'kysely';
import { executeTogether } from '../../db/bulk.ts';
import type { Db } from '../../db/database.ts';
import type { CaseStepsTable } from '../../db/types.ts';
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
 * steps, warning jobs, audit entries), one NOTIFY tells the other instances, and two statements
 * read back their answers and likely duplicates. A lone report does not wait: it is a group of one.
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
      () => {
        this.writing = false;
        this.next();
        void this.answer(group);
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
      () => this.answer([p]),
      (error) => p.reject(error),
    );
  }

  private async answer(group: Pending[]) {
    this.bus.publishAll(group.map((p) => p.report.change));
    try {
      const written = await this.readBack(group.map((p) => p.report));
      for (const [i, p] of group.entries()) p.resolve(written[i]!);
    } catch (error) {
      for (const p of group) p.reject(error);
    }
  }

  /** One statement: its parts are data-modifying CTEs, which commit together or not at all. */
  private async commit(reports: PreparedReport[]) {
    const steps = reports.flatMap((r) => (r.step ? [r.step] : []));
    const alarms = reports.flatMap((r) => (r.alarm ? [r.alarm] : []));
    const parts = [
      repo.casesInsert(reports.map((r) => r.kase)),
      repo.eventsInsert(reports.map((r) => r.event)),
      ...(steps.length > 0 ? [repo.stepsInsert(steps)] : []),
      ...(alarms.length > 0 ? [jobsInsert(alarms)] : []),
      entriesInsert(reports.map((r) => r.audit)),
    ];
    await executeTogether(this.db, parts);
  }

  private async readBack(reports: PreparedReport[]): Promise<WrittenReport[]> {
    const probes: repo.Probe[] = [];
    const probeOf = reports.map((r) => (r.probe ? probes.push(r.probe) - 1 : -1));
    const [rows, nearby] = await Promise.all([
      repo.findCases(
        this.db,
        reports.map((r) => r.kase.id),
      ),
      probes.length > 0
        ? this.duplicateWindow().then((within) => repo.nearbyOpenCases(this.db, probes, within))
        : Promise.resolve([]),
    ]);
    const byId = new Map(rows.map((row) => [row.id, row]));
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

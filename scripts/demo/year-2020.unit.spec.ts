/**
 * The synthetic year 2020 proves the seed report's figures without any server: every line passes
 * the import validation, replays through the pure workflow domain (registration and routing as
 * intake and router do them, then the steps at their own dates) without a refusal, and the events
 * projected by the stats domain give the 2020 figures of DOMAIN.md §8.
 */
import { expect } from 'chai';
import {
  intakeKey, monthsBetween, parseStatsQuery, statsResultOf,
  type Actor, type BucketDoc, type CaseCommand, type StatsResult,
} from '@cw/contracts';
import { isWorkingDay } from '@cw/calendar';
import { planFrom12315 } from '@cw/intake';
import { readRules } from '@cw/router';
import { DEFAULT_CONFIG_PATH } from '@cw/routing';
import { createProjector, dimsOfKey, nationalDue, type CaseEventEnvelope } from '@cw/stats';
import { createMemoryStore } from '@cw/stats/testing';
import { DEFAULT_WORKFLOW_CONFIG, decide, evolve, initialState, type CaseState } from '@cw/workflow';
import { parseImport } from '../import.js';
import { YEAR_2020_TARGETS, generateYear2020, summarizeYear2020, type ImportLine } from './year-2020.js';

const INTAKE: Actor = { id: 'intake', role: 'system' };
const ROUTER: Actor = { id: 'router', role: 'system' };
const IMPORT: Actor = { id: 'import', role: 'system' };

interface Replay {
  events: CaseEventEnvelope[];
  refused: string[];
  /** Routing decisions: rule ids and the district per case. */
  routes: { sourceRef: string; district: string; queue: string; jurisdictionRule: string; categoryRule: string }[];
}

/** What intake → router → workflow do with each line, on the pure domain; events in order. */
function replay(lines: readonly ImportLine[]): Replay {
  const rules = readRules(DEFAULT_CONFIG_PATH);
  const out: Replay = { events: [], refused: [], routes: [] };
  let seq = 0;
  for (const { record, steps } of lines) {
    const planned = planFrom12315(record, intakeKey('12315', record.sourceRef));
    const states = new Map<string, CaseState>();
    const run = (caseId: string, command: CaseCommand, now: string, actor: Actor) => {
      let state = states.get(caseId) ?? initialState(caseId);
      try {
        for (const e of decide(command, state, { now, actor, config: DEFAULT_WORKFLOW_CONFIG })) {
          state = evolve(state, e);
          out.events.push({ ...e, caseId, caseVersion: state.version, occurredAt: now } as CaseEventEnvelope);
        }
        states.set(caseId, state);
      } catch (error) {
        out.refused.push(`${record.sourceRef} ${command.type}: ${(error as Error).message}`);
      }
    };
    for (const { caseId, ...plan } of planned) {
      seq += 1;
      const caseNo = `${plan.kind === 'complaint' ? 'TS' : 'JB'}-2020-${String(seq).padStart(6, '0')}`;
      const linkedCaseIds = planned.filter((o) => o.caseId !== caseId).map((o) => o.caseId);
      run(caseId, { type: 'RegisterCase', data: { ...plan, caseNo, linkedCaseIds } }, plan.receivedAt, INTAKE);
      const r = rules.router.route({
        category: plan.category, summary: plan.summary, narrative: plan.narrative, business: plan.business.name,
        districtCode: plan.business.districtCode, address: plan.business.address, platform: plan.business.platform,
      });
      out.routes.push({ sourceRef: record.sourceRef, district: r.district, queue: r.queue, jurisdictionRule: r.reasons.jurisdiction.ruleId, categoryRule: r.reasons.category.ruleId });
      run(caseId, {
        type: 'RouteCase',
        data: {
          category: r.category, district: r.district, queue: r.queue, configVersion: rules.version,
          reasons: {
            category: { ruleId: r.reasons.category.ruleId, matched: r.reasons.category.matched },
            jurisdiction: { ruleId: r.reasons.jurisdiction.ruleId, matched: r.reasons.jurisdiction.matched },
          },
        },
      }, plan.receivedAt, ROUTER);
    }
    for (const step of steps) {
      const { type, occurredAt, case: part, ...data } = step;
      const target = planned.find((c) => c.kind === (part ?? planned[0]!.kind)) ?? planned[0]!;
      run(target.caseId, { type, data } as CaseCommand, occurredAt, IMPORT);
    }
  }
  return out;
}

/** `GET /api/v1/stats?from=2020-01-01&to=2020-12-31` over the projected buckets. */
async function statsOf(events: readonly CaseEventEnvelope[]): Promise<{ result: StatsResult; months: string[]; byMonth: Record<string, StatsResult>; countedLater: string[] }> {
  const mem = createMemoryStore();
  const projector = createProjector({ store: mem.store, computeDue: nationalDue });
  for (let i = 0; i < events.length; i += 500) await projector.applyBatch(0, events.slice(i, i + 500), Math.min(i + 500, events.length) - 1);
  const rows: BucketDoc[] = Object.entries(mem.figures()).map(([key, c]) => ({ _id: `${key}#p0`, ...dimsOfKey(key), partition: 0, c, o: 0 }));
  const q = parseStatsQuery({ from: '2020-01-01', to: '2020-12-31' });
  const inPeriod = rows.filter((r) => r.month >= '2020-01' && r.month <= '2020-12');
  const byMonth = Object.fromEntries(monthsBetween('2020-01-01', '2020-12-31').map((m) => [m, statsResultOf(q, 'demo', inPeriod.filter((r) => r.month === m))]));
  const countedLater = [...new Set(rows.filter((r) => r.month > '2020-12').flatMap((r) => Object.keys(r.c).map((n) => `${r.month} ${n}`)))].sort();
  return { result: statsResultOf(q, 'demo', inPeriod), months: [...new Set(rows.map((r) => r.month))].sort(), byMonth, countedLater };
}

describe('demo data: the synthetic year 2020 (Shanwei)', function () {
  this.timeout(120_000);
  let lines: ImportLine[];
  let text: string;
  let replayed: Replay;
  let stats: Awaited<ReturnType<typeof statsOf>>;

  before(async () => {
    lines = generateYear2020();
    text = lines.map((l) => JSON.stringify(l)).join('\n');
    replayed = replay(lines);
    stats = await statsOf(replayed.events);
  });

  it('is accepted by the import validation, line by line', () => {
    expect(parseImport(text)).to.have.length(lines.length);
  });

  // Checks over every line collect the offenders and assert once: chai per item is slow at this size.
  it('has unique, stable sourceRefs and obviously fake personal data', () => {
    const refs = lines.map((l) => l.record.sourceRef);
    expect(new Set(refs).size).to.equal(refs.length);
    expect(refs[0]).to.equal('DEMO2020-000001');
    const real = lines.filter(({ record: r }) => !/^示例/.test(r.business.name)
      || (r.consumer !== undefined && !(/^测试用户\d{6}$/.test(r.consumer.name) && /^100\d{8}$/.test(r.consumer.phone))));
    expect(real.map((l) => l.record.sourceRef)).to.deep.equal([]);
  });

  it('keeps every step inside 2020, in order, on working days at office hours', () => {
    const offenders: string[] = [];
    for (const { record, steps } of lines) {
      if (record.receivedAt < '2020-01-02' || record.receivedAt > '2020-12-16') offenders.push(`${record.sourceRef} received ${record.receivedAt}`);
      const last: Record<string, string> = {};
      for (const s of steps) {
        const part = s.case ?? 'first';
        const inOrder = s.occurredAt > (last[part] ?? record.receivedAt);
        const officeHours = /^2020-\d\d-\d\dT(0[89]|1[0-7]):\d\d:\d\d\+08:00$/.test(s.occurredAt);
        if (!inOrder || !officeHours || !isWorkingDay(s.occurredAt.slice(0, 10))) offenders.push(`${record.sourceRef} ${s.type} ${s.occurredAt}`);
        last[part] = s.occurredAt;
      }
    }
    expect(offenders).to.deep.equal([]);
  });

  it('replays through the workflow domain without a refused step', () => {
    expect(replayed.refused).to.deep.equal([]);
  });

  it('routes every case by its explicit category and its address (or its platform) to a district queue', () => {
    const offenders = replayed.routes.filter((r) => r.categoryRule !== 'explicit' || !['address', 'platform'].includes(r.jurisdictionRule) || r.queue === 'triage');
    expect(offenders).to.deep.equal([]);
    const by = (d: string) => replayed.routes.filter((r) => r.district === d).length;
    // 陆丰 > 海丰 > 城区 > 陆河 > the zones
    expect(by('441581')).to.be.greaterThan(by('441521'));
    expect(by('441521')).to.be.greaterThan(by('441502'));
    expect(by('441502')).to.be.greaterThan(by('441523'));
    expect(by('441523')).to.be.greaterThan(by('441500-HHW'));
    expect(by('441500-HHW')).to.be.greaterThan(by('441500-HQ'));
  });

  it('counts nothing outside 2020 but the termination notices of late December, due in January 2021 (told in time, in 2020)', () => {
    expect(stats.months.every((m) => m.startsWith('2020-') || m === '2021-01'), stats.months.join()).to.equal(true);
    expect(stats.countedLater).to.deep.equal(['2021-01 noticeDue', '2021-01 noticeOnTime']);
  });

  it('gives the seed report: 9,994 accepted, 9,681 mediated successfully (96.87% → 96.9%)', () => {
    const { counts, rates } = stats.result;
    expect(counts.accepted!.value).to.equal(YEAR_2020_TARGETS.accepted);
    expect(counts.mediationSucceeded!.value).to.equal(YEAR_2020_TARGETS.mediationSucceeded);
    expect(rates.mediationSuccessRate).to.include({ fraction: '9681/9994', percent: '96.87', display: '96.9%' });
    // the other 313 closed as failed, terminated or withdrawn
    expect(counts.mediationTerminated!.value).to.equal(YEAR_2020_TARGETS.accepted - YEAR_2020_TARGETS.mediationSucceeded);
    expect(counts.mediationFailed!.value).to.be.within(100, 200);
  });

  it('shows no rate above 100% in any month (every rate counts one cohort)', () => {
    for (const [month, r] of Object.entries(stats.byMonth)) {
      for (const [id, rate] of Object.entries(r.rates)) {
        expect(rate.numerator, `${id} in ${month}: ${rate.fraction}`).to.be.at.most(rate.denominator);
      }
    }
    expect(Object.keys(stats.byMonth)).to.have.length(12);
  });

  it('recovers exactly ¥4,024,000.00', () => {
    expect(stats.result.moneyRecovered).to.include({ fen: YEAR_2020_TARGETS.recoveredFen.toString(), yuan: '4024000.00' });
  });

  it('verifies 97.56% of reports on time: 1,200 of the 1,230 due in 2020', () => {
    expect(stats.result.rates.onTimeVerificationRate).to.include({ fraction: '1200/1230', percent: '97.56' });
  });

  it('refuses a few percent of complaints and decides almost all within 7 working days', () => {
    const { counts, rates } = stats.result;
    const share = counts.notAccepted!.value / counts.receivedComplaints!.value;
    expect(share).to.be.within(0.02, 0.05);
    const onTime = rates.onTimeAcceptanceRate!;
    expect(onTime.numerator / onTime.denominator).to.be.within(0.98, 0.995);
  });

  it('spreads over months, districts, categories and channels like a real year', () => {
    const s = summarizeYear2020(lines);
    const m = (k: string) => s.byMonth[`2020-${k}`] ?? 0;
    expect(m('02')).to.be.lessThan(m('01')); // Spring Festival and the lockdown
    expect(Math.max(...Object.values(s.byMonth))).to.equal(m('03')); // 3·15
    expect(m('11')).to.be.greaterThan(m('10')); // Double 11
    expect(s.byCategory.ip).to.equal(YEAR_2020_TARGETS.ipCases);
    expect(Object.keys(s.byCategory)).to.have.length(9);
    expect(Object.keys(s.byChannel)).to.have.length(7);
  });

  it('is the same, byte for byte, on a second generation', () => {
    expect(generateYear2020().map((l) => JSON.stringify(l)).join('\n')).to.equal(text);
  });
});

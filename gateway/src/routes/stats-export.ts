/**
 * The figures as a workbook (issue 15, item 4): `GET /api/v1/stats/export?format=xlsx|csv&lang=zh|en`
 * with the filters of `GET /api/v1/stats`. Bureaus report upward in Excel, so the workbook has a
 * cover sheet (period, filters, generation time, the definition of every rate), the totals, and one
 * row per month × district × category × channel with every count, the money and every rate. Chinese
 * headers by default, English with `lang=en`. CSV gives the same detail table.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  CHANNEL_LABELS, COUNT_FIGURES, RATE_FIGURES, figuresOf, settleOpenItems,
  type BucketDoc, type Channel, type StatsResult,
} from '@cw/contracts';

export type Lang = 'zh' | 'en';

/** Names of the region's codes, in both languages (the routing rules file). */
export interface CodeNames {
  district: (code: string) => { zh: string; en: string } | undefined;
  category: (code: string) => { zh: string; en: string } | undefined;
}

type Figures = ReturnType<typeof figuresOf>;
export interface DetailRow { month: string; district: string; category: string; channel: string; figures: Figures }

/** One row per month × district × category × channel (bucket shards summed), settled on `asOf` like the totals. */
export function detailRowsOf(rows: readonly BucketDoc[], asOf: string): DetailRow[] {
  const settled = settleOpenItems(rows, asOf);
  const groups = new Map<string, { key: Omit<DetailRow, 'figures'>; counters: (typeof settled)[number][] }>();
  rows.forEach((r, i) => {
    const k = `${r.month}|${r.district}|${r.category}|${r.channel}`;
    const g = groups.get(k) ?? { key: { month: r.month, district: r.district, category: r.category, channel: r.channel }, counters: [] };
    g.counters.push(settled[i]!);
    groups.set(k, g);
  });
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => ({ ...g.key, figures: figuresOf(g.counters) }));
}

const T = {
  zh: {
    cover: '说明', totals: '合计', detail: '明细（月·区县·类别·渠道）', title: '投诉举报统计报表',
    period: '统计期间', district: '区县', category: '类别', channel: '渠道', month: '月份', all: '全部',
    generatedAt: '生成时间（北京时间）', generation: '数据版本', asOf: '结算日（此前已结束月份的未办结事项计为超时）',
    figure: '指标', value: '数值', numerator: '分子', denominator: '分母', percent: '比率', definition: '定义', money: '挽回经济损失（元）', settled: '和解金额（元）',
    smallSample: '样本不足 20，比率仅供参考',
  },
  en: {
    cover: 'About', totals: 'Totals', detail: 'By month, district, category, channel', title: 'Consumer complaint and report statistics',
    period: 'Period', district: 'District', category: 'Category', channel: 'Channel', month: 'Month', all: 'all',
    generatedAt: 'Generated at (Beijing time)', generation: 'Data generation', asOf: 'Settled on (open items of months ended before it count as late)',
    figure: 'Figure', value: 'Value', numerator: 'Numerator', denominator: 'Denominator', percent: 'Rate', definition: 'Definition', money: 'Money recovered (yuan)', settled: 'Private settlements (yuan)',
    smallSample: 'sample under 20: rate for reference only',
  },
} as const;

const shanghaiNow = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const percentOf = (p: string | null) => (p === null ? null : Number(p) / 100);

function labelled(lang: Lang, names: CodeNames) {
  return {
    district: (c: string) => names.district(c)?.[lang] ?? c,
    category: (c: string) => names.category(c)?.[lang] ?? c,
    channel: (c: string) => CHANNEL_LABELS[c as Channel]?.[lang] ?? c,
  };
}

/** Detail columns: the dimensions, every count, the money, and each rate as percent, numerator, denominator. */
function detailColumns(lang: Lang, names: CodeNames): { header: string; value: (r: DetailRow) => string | number | null; format?: string }[] {
  const t = T[lang];
  const l = labelled(lang, names);
  return [
    { header: t.month, value: (r) => r.month },
    { header: t.district, value: (r) => l.district(r.district) },
    { header: t.category, value: (r) => l.category(r.category) },
    { header: t.channel, value: (r) => l.channel(r.channel) },
    ...COUNT_FIGURES.map((f) => ({ header: f[lang], value: (r: DetailRow) => r.figures.counts[f.id]!.value })),
    { header: t.money, value: (r) => Number(r.figures.moneyRecovered.yuan), format: '#,##0.00' },
    { header: t.settled, value: (r) => Number(r.figures.moneySettled.yuan), format: '#,##0.00' },
    ...RATE_FIGURES.flatMap((f) => [
      { header: f[lang], value: (r: DetailRow) => percentOf(r.figures.rates[f.id]!.percent), format: '0.00%' },
      { header: `${f[lang]} ${t.numerator}`, value: (r: DetailRow) => r.figures.rates[f.id]!.numerator },
      { header: `${f[lang]} ${t.denominator}`, value: (r: DetailRow) => r.figures.rates[f.id]!.denominator },
    ]),
  ];
}

/** Streams the workbook to `out` (the HTTP answer); resolves when it is written. */
export async function writeStatsWorkbook(out: Writable, total: StatsResult, detail: DetailRow[], lang: Lang, names: CodeNames): Promise<void> {
  const t = T[lang];
  const l = labelled(lang, names);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'consumer-rights-workflow';
  wb.created = new Date();

  const cover = wb.addWorksheet(t.cover);
  cover.columns = [{ width: 44 }, { width: 100 }];
  const bold = { font: { bold: true } };
  cover.addRow([t.title]).font = { bold: true, size: 14 };
  cover.addRow([t.period, `${total.period.from} – ${total.period.to}`]).commit();
  cover.addRow([t.district, total.filters.district ? l.district(total.filters.district) : t.all]).commit();
  cover.addRow([t.category, total.filters.category ? l.category(total.filters.category) : t.all]).commit();
  cover.addRow([t.channel, total.filters.channel ? l.channel(total.filters.channel) : t.all]).commit();
  cover.addRow([t.generatedAt, shanghaiNow()]).commit();
  cover.addRow([t.generation, total.generation ?? '']).commit();
  cover.addRow([t.asOf, total.asOf]).commit();
  cover.addRow([]).commit();
  const defHead = cover.addRow([t.figure, t.definition]);
  defHead.font = bold.font;
  defHead.commit();
  for (const f of RATE_FIGURES) cover.addRow([f[lang], f.definition[lang]]).commit();
  cover.commit();

  const totals = wb.addWorksheet(t.totals);
  totals.columns = [
    { header: t.figure, width: 40 }, { header: t.value, width: 16 }, { header: t.numerator, width: 12 },
    { header: t.denominator, width: 12 }, { header: t.percent, width: 10, style: { numFmt: '0.00%' } }, { header: '', width: 36 },
  ];
  totals.getRow(1).font = bold.font;
  for (const f of COUNT_FIGURES) totals.addRow([f[lang], total.counts[f.id]!.value]).commit();
  const money = totals.addRow([t.money, Number(total.moneyRecovered.yuan)]);
  money.getCell(2).numFmt = '#,##0.00';
  money.commit();
  const settled = totals.addRow([t.settled, Number(total.moneySettled.yuan)]);
  settled.getCell(2).numFmt = '#,##0.00';
  settled.commit();
  for (const f of RATE_FIGURES) {
    const r = total.rates[f.id]!;
    totals.addRow([f[lang], r.display ?? '', r.numerator, r.denominator, percentOf(r.percent), r.smallSample ? t.smallSample : '']).commit();
  }
  totals.commit();

  const cols = detailColumns(lang, names);
  const sheet = wb.addWorksheet(t.detail, { views: [{ state: 'frozen', xSplit: 4, ySplit: 1 }] });
  sheet.columns = cols.map((c, i) => ({ header: c.header, width: i < 4 ? 16 : 14, ...(c.format ? { style: { numFmt: c.format } } : {}) }));
  sheet.getRow(1).font = bold.font;
  for (const r of detail) sheet.addRow(cols.map((c) => c.value(r))).commit();
  sheet.commit();
  await wb.commit();
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The detail table as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese headers). */
export function statsDetailCsv(detail: DetailRow[], lang: Lang, names: CodeNames): string {
  const cols = detailColumns(lang, names);
  const lines = [cols.map((c) => c.header), ...detail.map((r) => cols.map((c) => c.value(r)))];
  return `\ufeff${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

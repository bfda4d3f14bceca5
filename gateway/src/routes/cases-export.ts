/**
 * The case list as CSV or XLSX (issue 15, item 4): `GET /api/v1/cases/export?format=csv|xlsx&lang=zh|en`
 * with the filters of `GET /api/v1/cases`, the caller's scope applied and personal data masked
 * exactly as the API shows it. Streamed from a cursor (at most {@link EXPORT_MAX_ROWS} rows), so
 * 100,000 cases never sit in memory at once.
 */
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { CASE_STATUS_LABELS, CHANNEL_LABELS, KIND_LABELS, type CaseDoc, type CaseStatus, type Channel } from '@cw/contracts';
import { maskName, maskPhone } from '@cw/platform';
import type { CodeNames, Lang } from './stats-export.js';

export const EXPORT_MAX_ROWS = 100_000;

const H = {
  zh: ['案件编号', '类型', '渠道', '状态', '类别', '区县', '登记时间', '最近期限', '承办人', '被投诉/举报对象', '摘要', '诉求金额（元）', '投诉人/举报人', '联系电话'],
  en: ['Case number', 'Kind', 'Channel', 'Status', 'Category', 'District', 'Received at', 'Nearest deadline', 'Assignee', 'Business', 'Summary', 'Amount claimed (yuan)', 'Consumer', 'Phone'],
} as const;

function rowOf(doc: CaseDoc, lang: Lang, names: CodeNames): (string | number | null)[] {
  const r = doc.registration;
  const person = r.consumer;
  return [
    doc.caseNo,
    KIND_LABELS[doc.kind as keyof typeof KIND_LABELS]?.[lang] ?? doc.kind,
    CHANNEL_LABELS[doc.channel as Channel]?.[lang] ?? doc.channel,
    CASE_STATUS_LABELS[doc.status as CaseStatus]?.[lang] ?? doc.status,
    doc.category ? names.category(doc.category)?.[lang] ?? doc.category : null,
    doc.district ? names.district(doc.district)?.[lang] ?? doc.district : null,
    r.receivedAt,
    doc.nextDueDate ?? null,
    doc.assignee ?? null,
    r.business?.name ?? null,
    r.summary ?? null,
    r.claimAmountYuan === undefined || r.claimAmountYuan === null ? null : Number(r.claimAmountYuan),
    person ? maskName(person.name) ?? null : null,
    person ? maskPhone(person.phone) ?? null : null,
  ];
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // A cell starting with = + - @ is a formula to a spreadsheet program: quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

const drained = (res: Response) => new Promise<void>((resolve) => res.once('drain', () => resolve()));

/** Writes the rows the cursor yields as the answer, in the format asked for. */
export async function sendCaseExport(res: Response, docs: AsyncIterable<CaseDoc>, format: 'csv' | 'xlsx', lang: Lang, names: CodeNames): Promise<void> {
  const stamp = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  if (format === 'csv') {
    res.type('text/csv; charset=utf-8').attachment(`cases-${stamp}.csv`);
    res.write(`\ufeff${H[lang].map(csvCell).join(',')}\r\n`);
    for await (const doc of docs) {
      if (!res.write(`${rowOf(doc, lang, names).map(csvCell).join(',')}\r\n`)) await drained(res);
    }
    res.end();
    return;
  }
  res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`cases-${stamp}.xlsx`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const sheet = wb.addWorksheet(lang === 'zh' ? '案件' : 'Cases', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = H[lang].map((header, i) => ({ header, width: [18, 8, 14, 12, 16, 14, 26, 12, 14, 28, 40, 14, 12, 14][i] }));
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn(12).numFmt = '#,##0.00';
  for await (const doc of docs) sheet.addRow(rowOf(doc, lang, names)).commit();
  sheet.commit();
  await wb.commit();
}

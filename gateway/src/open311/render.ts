/**
 * GeoReport v2's two formats. JSON is the spec's mapping of its XML (a list is a bare array, one
 * object a bare object); XML has the declaration with UTF-8, no namespace, a list element holding
 * one element per item (`<services><service>…`), an empty element for an empty value.
 */
import type { Response } from 'express';
import { XMLBuilder } from 'fast-xml-parser';

export type Format = 'json' | 'xml';
export const FORMATS: readonly Format[] = ['json', 'xml'];

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false, suppressBooleanAttributes: false });

/** Nested lists in XML: which element each array's items get (`keywords` stay a comma string). */
const ITEM_OF: Record<string, string> = { attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

function toXmlTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toXmlTree);
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => {
    const item = ITEM_OF[k];
    return [k, item && Array.isArray(v) ? { [item]: v.map(toXmlTree) } : toXmlTree(v)];
  }));
}

/** `root`/`item`: the XML list element and its items' element, e.g. `services`/`service`. */
export function xmlOf(body: unknown, root: string, item?: string): string {
  const tree = item !== undefined ? { [root]: { [item]: (body as unknown[]).map(toXmlTree) } } : { [root]: toXmlTree(body) };
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(tree) as string}`;
}

export function send(res: Response, format: Format, status: number, body: unknown, root: string, item?: string): void {
  res.status(status);
  if (format === 'json') {
    res.json(body);
    return;
  }
  res.type('text/xml; charset=utf-8').send(xmlOf(body, root, item));
}

/** The spec's error list: `[{ code, description }]` / `<errors><error><code/><description/></error></errors>`. */
export function sendErrors(res: Response, format: Format, status: number, descriptions: string[]): void {
  send(res, format, status, descriptions.map((description) => ({ code: status, description })), 'errors', 'error');
}

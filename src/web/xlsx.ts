// Spreadsheet cells that Excel can compute with: ISO dates become real dates
// (shown as yyyy-mm-dd), missing values stay empty cells (not empty text),
// and every sheet of data gets an autofilter on its header row.
import type ExcelJS from 'exceljs';
import type { Cell } from './csv.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function xlsxCell(v: Cell): string | number | boolean | Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string' && ISO_DATE.test(v)) {
    const d = new Date(`${v}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v) return d;
  }
  return v;
}

/** The header row in bold with an autofilter over its columns. */
export function dataSheet(ws: ExcelJS.Worksheet, header: string[]): void {
  const row = ws.addRow(header);
  row.font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
}

/** Writes a data row, dates as dates. */
export function addDataRow(ws: ExcelJS.Worksheet, cells: Cell[]): ExcelJS.Row {
  const row = ws.addRow(cells.map(xlsxCell));
  row.eachCell((c) => {
    if (c.value instanceof Date) c.numFmt = 'yyyy-mm-dd';
  });
  return row;
}

/** Dates as the owner reads them: in their browser's zone and language. */
const dateTime = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** The start of a date input's day (`YYYY-MM-DD`), `plusDays` later, in the browser's zone, as
 * an instant: the bounds of a filter by days. */
export function dayStart(day: string, plusDays = 0): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date + plusDays).toISOString();
}

/** A local date-time input's value (no zone) as an instant; null when empty. */
export function instantOfLocal(value: string): string | null {
  return value === '' ? null : new Date(value).toISOString();
}

/** Rows as a CSV file the browser downloads; cells that a spreadsheet would run as formulas are
 * quoted with a leading apostrophe. */
export function downloadCsv(fileName: string, header: string[], rows: (string | number)[][]): void {
  const cell = (value: string | number) => {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  const blob = new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv' });
  const anchor = document.createElement('a');
  anchor.href = URL.createObjectURL(blob);
  anchor.download = fileName;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(anchor.href), 10_000);
}

// Reads Ofsted's report-site HTML: the paged provider listing and a
// provider's page of publications. The site has no API, so any change to
// its markup must stop a sync loudly rather than let it conclude that
// every authority has no reports.
import * as cheerio from 'cheerio';

export interface ListedProvider {
  urn: string;
  name: string;
  url: string;
}

export interface Publication {
  /** Ofsted file-service id: the last path segment of the link. */
  fileId: string;
  url: string;
  /** The publication type as labelled, e.g. "Children's services inspection". */
  type: string;
  /** Publication date from the label, ISO yyyy-mm-dd. */
  date: string | null;
  label: string;
}

export interface ProviderPage {
  name: string | null;
  publications: Publication[];
}

/** The site's markup no longer matches what sync knows how to read. */
export class SiteLayoutChangedError extends Error {
  readonly url: string;
  constructor(url: string, detail: string) {
    super(`Ofsted's site layout seems to have changed: ${detail} (page ${url}). Nothing was deleted; sync stopped so the record is not updated from a page it cannot read. Update src/sync/parse.ts to the new markup.`);
    this.name = 'SiteLayoutChangedError';
    this.url = url;
  }
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "03 December 2024" → "2024-12-03"; null when the words are not a date. */
export function parseLongDate(text: string): string | null {
  const m = /(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})/.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]!.toLowerCase());
  const day = Number(m[1]);
  if (month < 0 || day < 1 || day > 31) return null;
  return `${m[3]}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function clean(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim();
}

/** Provider links on one listing page, in page order, each URN once. */
export function parseListingPage(html: string, pageUrl: string): ListedProvider[] {
  const $ = cheerio.load(html);
  const seen = new Set<string>();
  const out: ListedProvider[] = [];
  $('a[href*="/provider/"]').each((_, el) => {
    const href = $(el).attr('href') ?? '';
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      return;
    }
    const segments = url.pathname.split('/').filter(Boolean);
    const urn = segments[segments.length - 1] ?? '';
    if (!/^\d+$/.test(urn) || seen.has(urn)) return;
    seen.add(urn);
    out.push({ urn, name: clean($(el).text()), url: url.toString() });
  });
  return out;
}

/**
 * Publications on a provider page. Throws SiteLayoutChangedError when the
 * page has no publication links or a link no longer carries its label.
 */
export function parseProviderPage(html: string, pageUrl: string): ProviderPage {
  const $ = cheerio.load(html);
  const name = clean($('h1').first().text()) || null;
  const publications: Publication[] = [];
  const links = $('a.publication-link');
  if (links.length === 0) {
    throw new SiteLayoutChangedError(pageUrl, 'the provider page has no publication links (a.publication-link)');
  }
  const seen = new Set<string>();
  links.each((_, el) => {
    const href = $(el).attr('href') ?? '';
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      throw new SiteLayoutChangedError(pageUrl, `a publication link has an unreadable address "${href}"`);
    }
    const segments = url.pathname.split('/').filter(Boolean);
    const fileId = segments[segments.length - 1] ?? '';
    if (!/^\d+$/.test(fileId)) {
      throw new SiteLayoutChangedError(pageUrl, `a publication link "${href}" does not end in a file id`);
    }
    const label = clean($(el).find('span.nonvisual').first().text());
    if (!label) {
      throw new SiteLayoutChangedError(pageUrl, `the publication link to file ${fileId} has no label (span.nonvisual)`);
    }
    if (seen.has(fileId)) return;
    seen.add(fileId);
    // "Children's services inspection, PDF - 03 December 2024": the type is
    // everything before the format, the date everything after the dash.
    const m = /^(.*?),\s*(?:PDF|HTML|Word|ODT|DOCX?)\b[^-–]*[-–]\s*(.*)$/i.exec(label);
    const type = clean(m ? m[1]! : label.split(/[-–,]/)[0]!);
    const date = parseLongDate(m ? m[2]! : label);
    publications.push({ fileId, url: url.toString(), type, date, label });
  });
  return { name, publications };
}

/** True for the publications that are full inspections (read as reports). */
export function isInspectionType(type: string): boolean {
  return /^children's services inspection$/i.test(clean(type));
}

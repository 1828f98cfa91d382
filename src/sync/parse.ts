// Reads Ofsted's report-site HTML: the paged provider listing and a
// provider's page of publications. The site has no API, so any change to
// its markup must stop a sync loudly rather than let it conclude that
// every authority has no reports.
//
// Pages are parsed as they arrive (htmlparser2's streaming tokenizer fed
// chunk by chunk from the response), so a page is never held whole, as
// bytes, a string or a document tree: memory stays that of the links found.
import { Parser } from 'htmlparser2';

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

/** A page parsed as it arrives: write() each chunk of its bytes (UTF-8), then end() for what it holds. */
export interface PageParser<T> {
  write(chunk: Uint8Array): void;
  end(): T;
}

/** Text captured from one element, capped: a link's words are a line, not a book. */
const MAX_CAPTURE = 2000;

/** Text of an element and its descendants, gathered while it is open. */
class Capture {
  text = '';
  depth = 0;
  open(): void {
    this.depth++;
  }
  /** True when the element being captured has just closed. */
  close(): boolean {
    this.depth--;
    return this.depth === 0;
  }
  add(data: string): void {
    if (this.text.length < MAX_CAPTURE) this.text += data.slice(0, MAX_CAPTURE - this.text.length);
  }
}

function hasClass(attribs: Record<string, string>, name: string): boolean {
  return (attribs.class ?? '').split(/\s+/).includes(name);
}

function streamParser<T>(handlers: Partial<ConstructorParameters<typeof Parser>[0]>, result: () => T): PageParser<T> {
  const parser = new Parser(handlers, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const decoder = new TextDecoder('utf-8');
  return {
    write(chunk) {
      parser.write(decoder.decode(chunk, { stream: true }));
    },
    end() {
      parser.write(decoder.decode());
      parser.end();
      return result();
    },
  };
}

/** Provider links on one listing page, in page order, each URN once: a parser for the page as it arrives. */
export function listingParser(pageUrl: string): PageParser<ListedProvider[]> {
  const seen = new Set<string>();
  const out: ListedProvider[] = [];
  let link: { href: string; words: Capture } | null = null;
  return streamParser(
    {
      onopentag(name, attribs) {
        if (link) link.words.open();
        else if (name === 'a' && (attribs.href ?? '').includes('/provider/')) {
          link = { href: attribs.href!, words: new Capture() };
          link.words.open();
        }
      },
      ontext(data) {
        link?.words.add(data);
      },
      onclosetag() {
        if (!link || !link.words.close()) return;
        const { href, words } = link;
        link = null;
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
        out.push({ urn, name: clean(words.text), url: url.toString() });
      },
    },
    () => out,
  );
}

/** Provider links on one listing page (held whole: for tests and callers with the page in hand). */
export function parseListingPage(html: string, pageUrl: string): ListedProvider[] {
  const p = listingParser(pageUrl);
  p.write(Buffer.from(html, 'utf8'));
  return p.end();
}

/**
 * Publications on a provider page, as the page arrives. end() throws
 * SiteLayoutChangedError when the page has no publication links or a link
 * no longer carries its label.
 */
export function providerParser(pageUrl: string): PageParser<ProviderPage> {
  const heading = new Capture();
  let headingDone = false;
  let link: { href: string; label: Capture | null; labelDone: boolean; depth: number } | null = null;
  let links = 0;
  // The first fault in page order; the rest of the page is not read for publications.
  let fault: SiteLayoutChangedError | null = null;
  const publications: Publication[] = [];
  const seen = new Set<string>();

  const finishLink = (href: string, label: string): void => {
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      fault = new SiteLayoutChangedError(pageUrl, `a publication link has an unreadable address "${href}"`);
      return;
    }
    const segments = url.pathname.split('/').filter(Boolean);
    const fileId = segments[segments.length - 1] ?? '';
    if (!/^\d+$/.test(fileId)) {
      fault = new SiteLayoutChangedError(pageUrl, `a publication link "${href}" does not end in a file id`);
      return;
    }
    const text = clean(label);
    if (!text) {
      fault = new SiteLayoutChangedError(pageUrl, `the publication link to file ${fileId} has no label (span.nonvisual)`);
      return;
    }
    if (seen.has(fileId)) return;
    seen.add(fileId);
    // "Children's services inspection, PDF - 03 December 2024": the type is
    // everything before the format, the date everything after the dash.
    const m = /^(.*?),\s*(?:PDF|HTML|Word|ODT|DOCX?)\b[^-–]*[-–]\s*(.*)$/i.exec(text);
    const type = clean(m ? m[1]! : text.split(/[-–,]/)[0]!);
    const date = parseLongDate(m ? m[2]! : text);
    publications.push({ fileId, url: url.toString(), type, date, label: text });
  };

  return streamParser(
    {
      onopentag(name, attribs) {
        if (!headingDone && (heading.depth > 0 || name === 'h1')) heading.open();
        if (link) {
          link.depth++;
          if (link.label && !link.labelDone) link.label.open();
          else if (!link.label && name === 'span' && hasClass(attribs, 'nonvisual')) {
            link.label = new Capture();
            link.label.open();
          }
        } else if (name === 'a' && hasClass(attribs, 'publication-link')) {
          links++;
          link = { href: attribs.href ?? '', label: null, labelDone: false, depth: 1 };
        }
      },
      ontext(data) {
        if (!headingDone && heading.depth > 0) heading.add(data);
        if (link?.label && !link.labelDone) link.label.add(data);
      },
      onclosetag() {
        if (!headingDone && heading.depth > 0 && heading.close()) headingDone = true;
        if (!link) return;
        if (link.label && !link.labelDone && link.label.close()) link.labelDone = true;
        link.depth--;
        if (link.depth > 0) return;
        const { href, label } = link;
        link = null;
        if (!fault) finishLink(href, label?.text ?? '');
      },
    },
    () => {
      if (links === 0) throw new SiteLayoutChangedError(pageUrl, 'the provider page has no publication links (a.publication-link)');
      if (fault) throw fault;
      return { name: clean(heading.text) || null, publications };
    },
  );
}

/**
 * Publications on a provider page (held whole: for tests and callers with
 * the page in hand). Throws SiteLayoutChangedError when the page has no
 * publication links or a link no longer carries its label.
 */
export function parseProviderPage(html: string, pageUrl: string): ProviderPage {
  const p = providerParser(pageUrl);
  p.write(Buffer.from(html, 'utf8'));
  return p.end();
}

/** True for the publications that are full inspections (read as reports). */
export function isInspectionType(type: string): boolean {
  return /^children's services inspection$/i.test(clean(type));
}

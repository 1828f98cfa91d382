// Cheap checks on raw bytes before pdf.js sees them. They catch the bad
// files people actually meet (an error page saved as .pdf, an empty or
// half-downloaded file) with a message saying what the file really is.
import type { ReadError } from '../domain/report.ts';

/** The PDF spec lets the header sit anywhere in the first 1024 bytes. */
const HEADER_WINDOW = 1024;
/** Writers put %%EOF at the very end; allow some trailing padding. */
const TRAILER_WINDOW = 4096;

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.length) - start)).toString('latin1');
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

function htmlTitle(bytes: Uint8Array): string | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 65536)).toString('utf8');
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text);
  if (!m) return null;
  const title = decodeEntities(m[1]!).replace(/\s+/g, ' ').trim();
  return title ? (title.length > 120 ? `${title.slice(0, 117)}…` : title) : null;
}

function looksLikeHtml(head: string): boolean {
  return /^(?:\uFEFF|\xEF\xBB\xBF)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b/i.test(head) || /<html[\s>]/i.test(head);
}

/** Recognises a few formats by their magic numbers, for a more helpful message. */
function otherFormat(bytes: Uint8Array): string | null {
  const h = latin1(bytes, 0, 8);
  if (h.startsWith('\x89PNG')) return 'a PNG image';
  if (h.startsWith('\xFF\xD8\xFF')) return 'a JPEG image';
  if (h.startsWith('GIF8')) return 'a GIF image';
  if (h.startsWith('PK\x03\x04')) return 'a ZIP archive (perhaps a Word or Excel document)';
  if (h.startsWith('\xD0\xCF\x11\xE0')) return 'an old Microsoft Office document';
  if (h.startsWith('{\\rtf')) return 'an RTF document';
  return null;
}

function isMostlyText(sample: string): boolean {
  if (sample.length === 0) return false;
  let printable = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127)) printable++;
  }
  return printable / sample.length > 0.95;
}

/**
 * Returns an error when the bytes are plainly not a readable PDF, or null
 * when they are worth handing to the PDF parser.
 */
export function sniff(bytes: Uint8Array): ReadError | null {
  if (bytes.length === 0) {
    return { code: 'not_a_pdf', message: 'the file is empty (0 bytes); download it again' };
  }
  const head = latin1(bytes, 0, HEADER_WINDOW);
  if (head.includes('%PDF-')) {
    const tail = latin1(bytes, Math.max(0, bytes.length - TRAILER_WINDOW), bytes.length);
    if (!tail.includes('%%EOF')) {
      return {
        code: 'damaged',
        message: `the PDF is cut short: its ${bytes.length} bytes end without the end-of-file marker (%%EOF), so it was probably not downloaded completely; download it again`,
      };
    }
    return null;
  }
  if (looksLikeHtml(head)) {
    const title = htmlTitle(bytes);
    return {
      code: 'not_a_pdf',
      message: `this is an HTML page saved with a .pdf name${title ? ` (title: '${title}')` : ''}, not a PDF; the report was probably not available when it was downloaded, so download it again from Ofsted's site`,
    };
  }
  const kind = otherFormat(bytes);
  if (kind) return { code: 'not_a_pdf', message: `this is ${kind}, not a PDF` };
  if (isMostlyText(head)) {
    const opening = head.replace(/\s+/g, ' ').trim().slice(0, 60);
    return { code: 'not_a_pdf', message: `this is a text file, not a PDF (it begins "${opening}")` };
  }
  return { code: 'not_a_pdf', message: `the file does not start with a PDF header (%PDF-): its ${bytes.length} bytes are not a PDF` };
}

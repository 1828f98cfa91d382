// Checks on downloaded bytes before they are archived or read: Ofsted's
// file service sometimes answers a PDF link with an HTML page, and a
// connection can end early leaving a PDF without its end.

export interface BytesProblem {
  code: 'empty' | 'not_a_pdf' | 'truncated';
  message: string;
}

export function checkPdfBytes(body: Uint8Array, contentType = ''): BytesProblem | null {
  if (body.length === 0) return { code: 'empty', message: 'the file service returned an empty response instead of a PDF' };
  const head = Buffer.from(body.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) {
    const looksHtml = /<(!doctype html|html|head|body)\b/i.test(head) || /html/i.test(contentType);
    return {
      code: 'not_a_pdf',
      message: looksHtml
        ? `the file service returned an HTML page (content type ${contentType || 'not given'}) where a PDF was promised; not stored`
        : `the response is not a PDF (no %PDF- header; content type ${contentType || 'not given'}); not stored`,
    };
  }
  // Every complete PDF ends with %%EOF (allowing trailing whitespace or junk).
  const tail = Buffer.from(body.subarray(Math.max(0, body.length - 2048))).toString('latin1');
  if (!tail.includes('%%EOF')) {
    return { code: 'truncated', message: `the PDF is truncated (${body.length} bytes, no end-of-file marker); not stored, it is fetched again next run` };
  }
  return null;
}

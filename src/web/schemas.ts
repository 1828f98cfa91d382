// JSON Schemas of the JSON twins, for the OpenAPI document. The handlers send
// pre-rendered JSON, so these describe the responses without reshaping them.
import { FRAMEWORK_IDS, GRADES, JUDGEMENT_KEYS } from '../domain/frameworks.ts';
import { READ_FLAG_CODES } from '../domain/report.ts';

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const grade = { type: 'string', enum: GRADES };

export const authorityRefSchema = {
  type: 'object',
  properties: {
    urn: nullable('string', { description: 'Ofsted URN' }),
    slug: { type: 'string', description: 'Stable address key, e.g. "southend-on-sea"' },
    name: { type: 'string' },
    laCode: nullable('string', { description: 'DfE three-digit LA number' }),
    region: nullable('string'),
    type: nullable('string', { description: 'county, unitary, metropolitan_borough or london_borough' }),
    typeLabel: { type: 'string' },
    gss: nullable('string', { description: 'ONS GSS code' }),
    isCurrent: { type: 'boolean', description: 'False for a predecessor council' },
    url: { type: 'string' },
  },
} as const;

export const summarySchema = {
  type: 'object',
  description: 'A plain-English summary built from the record by fixed templates, with every claim and what it rests on',
  properties: {
    headline: { type: 'string' },
    text: { type: 'string', description: 'Short paragraphs separated by blank lines; list items start with "- "' },
    facts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          claim: { type: 'string', description: 'The words of the summary that make the claim' },
          field: { type: 'string', description: 'The record field it rests on, e.g. "judgements.overall.grade", "reports[37].inspectionStart", "sections[1].text"' },
          value: { type: 'string' },
          reportId: { type: 'integer' },
          page: nullable('integer'),
          words: nullable('string', { description: 'The words printed on that page' }),
        },
      },
    },
  },
} as const;

export const reportSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    url: { type: 'string' },
    authority: { anyOf: [authorityRefSchema, { type: 'null' }] },
    printedName: { type: 'string', description: 'The council or trust as the title prints it' },
    framework: { type: 'string', enum: FRAMEWORK_IDS },
    frameworkName: { type: 'string' },
    title: { type: 'string' },
    inspectionStart: nullable('string', { format: 'date' }),
    inspectionEnd: nullable('string', { format: 'date' }),
    listingDate: nullable('string', { format: 'date', description: 'Publication date on Ofsted’s listing' }),
    leadInspector: nullable('string'),
    pageCount: { type: 'integer' },
    headline: {
      type: 'object',
      properties: { label: { type: 'string' }, grade: { anyOf: [grade, { type: 'null' }] }, gradeLabel: nullable('string') },
      description: 'Overall effectiveness, or from 2026 the impact of leaders',
    },
    sourceUrl: nullable('string', { description: 'The PDF on Ofsted’s site' }),
    partlyRead: { type: 'boolean', description: 'True when the reader could not read everything the framework prints (see flags)' },
    flags: {
      type: 'array',
      description: 'What the reader could not read, or doubts: empty when the report was read completely',
      items: { type: 'object', properties: { code: { type: 'string', enum: READ_FLAG_CODES }, message: { type: 'string', description: 'What is missing and where the reader looked' } } },
    },
    readerVersion: { type: 'integer', description: 'The version of the reader that produced these facts' },
    withdrawnAt: nullable('string', { format: 'date-time', description: 'When Ofsted stopped listing the report; a withdrawn report is kept but is no authority’s latest' }),
    correctedAt: nullable('string', { format: 'date-time', description: 'When a newer reader last corrected one of its published facts (the report page lists the corrections)' }),
    judgements: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string', enum: JUDGEMENT_KEYS },
          label: { type: 'string' },
          grade,
          gradeLabel: { type: 'string', description: 'The grade in full, as printed' },
          page: { type: 'integer', description: 'PDF page the grade was read from' },
          sourceText: { type: 'string', description: 'The words it was read from' },
          pdfUrl: nullable('string', { description: 'The PDF opened at that page' }),
        },
      },
    },
    summary: { ...summarySchema, description: 'On a report’s page and an authority’s latest report: the report in plain English (see summary.facts for what each claim rests on)' },
    improvements: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          list: { type: 'string', enum: ['main', 'lscb'], description: '"lscb": the LSCB review’s recommendations in SIF reports' },
          text: { type: 'string' },
          page: { type: 'integer' },
          tag: nullable('string', { description: 'National Framework tag, where printed' }),
          pdfUrl: nullable('string'),
        },
      },
    },
  },
} as const;

export const forecastSchema = {
  anyOf: [
    { type: 'null' },
    {
      type: 'object',
      description: 'The next full inspection as forecast today from what has been published (see ilacs forecast)',
      properties: {
        asAt: { type: 'string', format: 'date' },
        daysSinceLast: nullable('integer', { description: 'Days since the last full inspection started (the council’s own, or the council it replaced)' }),
        lastStart: nullable('string', { format: 'date' }),
        lastCouncil: nullable('string'),
        expectedStart: nullable('string', { format: 'date' }),
        window: { anyOf: [{ type: 'null' }, { type: 'object', description: '80% window', properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } }] },
        basis: { type: 'string', description: 'How the forecast was made, in words' },
      },
    },
  ],
} as const;

const previousSchema = {
  anyOf: [
    { type: 'null' },
    {
      type: 'object',
      properties: { id: { type: 'integer' }, url: { type: 'string' }, framework: { type: 'string' }, inspectionEnd: nullable('string'), headlineGrade: { anyOf: [grade, { type: 'null' }] }, gradeLabel: nullable('string') },
    },
  ],
} as const;

export const authorityListSchema = {
  type: 'object',
  properties: {
    filters: { type: 'object' },
    count: { type: 'integer' },
    authorities: { type: 'array', items: { type: 'object', properties: { authority: authorityRefSchema, latest: { anyOf: [reportSchema, { type: 'null' }] }, previous: previousSchema, daysSinceLatest: nullable('integer', { description: 'Days since the last day on site of the latest full inspection (null: none in the record)' }) , forecast: forecastSchema } } },
    regions: { type: 'array', items: { type: 'string' } },
    types: { type: 'array', items: { type: 'string' } },
    dataLastRefreshed: nullable('string'),
  },
} as const;

const visitSchema = { type: 'object', properties: { type: { type: 'string', description: 'e.g. "Focused visit", "Monitoring visit"' }, published: nullable('string', { format: 'date' }), sourceUrl: nullable('string') } } as const;
const nationalGrade = { type: ['string', 'null'], enum: ['outstanding', 'good', 'requires_improvement', 'inadequate', null] } as const;

/** A council's journey: its full inspections in order, with the direction of each step. */
export const journeySchema = {
  type: 'object',
  properties: {
    path: { type: 'array', items: { type: 'string' }, description: 'Headline grades in order, oldest first' },
    pathLabel: { type: 'string', description: 'e.g. "Inadequate → Requires improvement → Good"' },
    current: nationalGrade,
    daysSinceLatest: nullable('integer', { description: 'Days since the latest full inspection’s last day on site' }),
    steps: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          reportId: { type: 'integer' },
          url: { type: 'string' },
          framework: { type: 'string' },
          inspectionStart: nullable('string', { format: 'date' }),
          inspectionEnd: nullable('string', { format: 'date' }),
          published: nullable('string', { format: 'date' }),
          headlineArea: { type: 'string', description: 'overall; leaders for inspections from April 2026' },
          headlineGrade: nationalGrade,
          grades: { type: 'object', additionalProperties: nationalGrade, description: 'Each of today’s areas (older judgements mapped by the frameworks table)' },
          direction: { type: ['string', 'null'], enum: ['improved', 'held', 'declined', null] },
          daysOnSite: nullable('integer'),
          daysToPublication: nullable('integer'),
          daysSincePrevious: nullable('integer'),
          visitsBefore: { type: 'array', items: visitSchema },
        },
      },
    },
    visitsSince: { type: 'array', items: visitSchema },
  },
} as const;

export const authorityDetailSchema = {
  type: 'object',
  properties: {
    authority: authorityRefSchema,
    latest: { anyOf: [reportSchema, { type: 'null' }] },
    reports: { type: 'array', items: reportSchema, description: 'Every report on this authority, newest first' },
    predecessors: { type: 'array', items: { type: 'object', properties: { authority: authorityRefSchema, effective: nullable('string'), reports: { type: 'array', items: reportSchema } } } },
    successors: { type: 'array', items: { type: 'object', properties: { authority: authorityRefSchema, effective: nullable('string') } } },
    otherPublications: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, published: nullable('string'), sourceUrl: nullable('string'), pageCount: { type: 'integer' } } } },
    neighbours: { type: 'array', description: 'DfE statistical neighbours, closest first', items: { type: 'object', properties: { authority: authorityRefSchema, latest: previousSchema } } },
    journey: journeySchema,
    forecast: forecastSchema,
    forecastBacktest: {
      type: 'object',
      description: 'How well the forecast does on this record: forecasts as at the first day of each quarter, each later full inspection scored from the latest forecast made at least minLeadDays before it, beside the naive three-year rule',
      properties: {
        forecastDates: { type: 'object' },
        minLeadDays: { type: 'integer' },
        scored: { type: 'integer' },
        medianErrorDays: { type: 'number' },
        coverage: { type: 'number', description: 'Share of real starts inside the 80% windows' },
        meanWidthDays: { type: 'number' },
        naive: { type: 'object' },
        everyForecast: {
          type: 'object',
          description: 'Every forecast as at each quarter up to `to` (whatever its lead) against the council’s next full inspection: the scoring above sees only forecasts made 3 to 6 months before a start, so this says how sure forecasts further ahead are',
          properties: { to: nullable('string'), scored: { type: 'integer' }, medianErrorDays: { type: 'number' }, coverage: { type: 'number' }, meanWidthDays: { type: 'number' } },
        },
      },
    },
    dataLastRefreshed: nullable('string'),
  },
} as const;

export const reportPageSchema = {
  type: 'object',
  properties: {
    report: reportSchema,
    sections: { type: 'array', items: { type: 'object', properties: { heading: { type: 'string' }, text: { type: 'string' }, pageFrom: { type: 'integer' }, pageTo: { type: 'integer' }, pdfUrl: nullable('string') } } },
    hasFullText: { type: 'boolean', description: 'False when only the facts are loaded (a snapshot without text)' },
    corrections: {
      type: 'array',
      description: 'Published facts a newer reader corrected, oldest first',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', description: '"judgement:<key>", "headline_grade", "inspection_start", "improvements", "flags", …' },
          description: { type: 'string', description: 'The change in words' },
          oldValue: nullable('string'),
          newValue: nullable('string'),
          oldReaderVersion: { type: 'integer' },
          newReaderVersion: { type: 'integer' },
          changedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
    dataLastRefreshed: nullable('string'),
  },
} as const;

export const searchSchema = {
  type: 'object',
  properties: {
    query: { type: 'string' },
    filters: { type: 'object' },
    total: { type: 'integer' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    pages: { type: 'integer' },
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string', enum: ['section', 'improvement', 'document'] },
          heading: { type: 'string' },
          page: nullable('integer'),
          snippet: { type: 'array', description: 'The passage, with the matched words marked', items: { type: 'object', properties: { text: { type: 'string' }, match: { type: 'boolean' } } } },
          report: { type: ['object', 'null'] },
          authority: { type: ['object', 'null'] },
        },
      },
    },
  },
} as const;

const gradeCounts = {
  type: 'object',
  properties: { outstanding: { type: 'integer' }, good: { type: 'integer' }, requires_improvement: { type: 'integer' }, inadequate: { type: 'integer' } },
} as const;
const judgementCounts = { type: 'object', description: 'Councils at each grade, for overall effectiveness and each of today’s areas (older judgements mapped by the frameworks table)', additionalProperties: gradeCounts } as const;
const scopeFigures = {
  type: 'object',
  properties: { asAt: { type: 'string', format: 'date' }, publishedBy: { type: 'string', format: 'date' }, authorities: { type: 'integer' }, judgements: judgementCounts },
} as const;

/** /national.json: the picture as at a date (the shape `ilacs national --json` prints) and its series. */
export const nationalSchema = {
  type: 'object',
  properties: {
    asAt: { type: 'string', format: 'date' },
    publishedBy: { type: 'string', format: 'date', description: 'Reports published after this are not counted' },
    authorities: { type: 'integer', description: 'Councils counted: those that existed on the date with a full inspection completed and published by then' },
    judgements: judgementCounts,
    regions: { type: 'object', additionalProperties: { type: 'object', properties: { authorities: { type: 'integer' }, judgements: judgementCounts } } },
    changes: {
      type: 'object',
      description: 'Each council’s latest full inspection against its previous one, on the latest one’s headline judgement',
      properties: { improved: { type: 'integer' }, held_good_or_better: { type: 'integer' }, held_below_good: { type: 'integer' }, declined: { type: 'integer' } },
    },
    notCounted: { type: 'array', description: 'Councils that existed on the date with no full inspection in the record published by the cut-off', items: { type: 'object', properties: { slug: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' } } } },
    scope: { type: 'string', description: '"England" or the region the series are for' },
    regionNames: { type: 'array', items: { type: 'string' } },
    quarterly: { type: 'array', description: 'The figures at every quarter end since 2014, for the scope', items: scopeFigures },
    march31: { type: 'array', description: 'The figures at every 31 March since 2014, for the scope', items: scopeFigures },
    dataLastRefreshed: nullable('string'),
  },
} as const;

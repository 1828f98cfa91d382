// The inspection frameworks as data. Parsers, database rows, API fields,
// CSV columns and page tables all read this one table: adding the next
// framework means adding an entry here (and a test), not editing five files.

export const GRADES = ['outstanding', 'good', 'requires_improvement', 'adequate', 'inadequate', 'not_judged'] as const;
export type Grade = (typeof GRADES)[number];

export const JUDGEMENT_KEYS = [
  'overall',
  'leaders',
  'help_protection',
  'in_care_and_leavers',
  'in_care',
  'care_leavers',
  'looked_after',
  'adoption',
  'leadership',
  'lscb',
  'capacity_to_improve',
  'outcomes',
  'quality_of_provision',
] as const;
export type JudgementKey = (typeof JUDGEMENT_KEYS)[number];

export const FRAMEWORK_IDS = ['LAC2012', 'SIF', 'LSCB', 'ILACS2018', 'ILACS2023', 'ILACS2026'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

export interface JudgementDef {
  key: JudgementKey;
  /** The label as usually printed. */
  label: string;
  /** A short label for tables and column headings. */
  short: string;
  /**
   * Known printed variants (lower case, loosely matched: the parser
   * compares word sets, so wraps, punctuation and typos still match).
   */
  variants: string[];
}

export interface Framework {
  id: FrameworkId;
  name: string;
  /** First and last on-site start date the framework applies to (ISO dates; null = still in force). */
  from: string;
  to: string | null;
  /** Grade scale, best first. */
  scale: Grade[];
  /** Judgements in report order. */
  judgements: JudgementDef[];
  /** Phrases on page 1 (lower case) that identify the framework's reports. */
  titles: string[];
}

const FOUR_POINT: Grade[] = ['outstanding', 'good', 'requires_improvement', 'inadequate'];

const ilacsCommon = {
  leaders: {
    key: 'leaders',
    label: 'The impact of leaders on social work practice with children and families',
    short: 'Impact of leaders',
    variants: [
      'the impact of leaders on social work practice with children and families',
      'the impact of leaders on practice with children and families',
    ],
  },
  help: {
    key: 'help_protection',
    label: 'The experiences and progress of children who need help and protection',
    short: 'Help and protection',
    variants: ['the experiences and progress of children who need help and protection'],
  },
  inCare: {
    key: 'in_care',
    label: 'The experiences and progress of children in care',
    short: 'Children in care',
    variants: ['the experiences and progress of children in care'],
  },
  leavers: {
    key: 'care_leavers',
    label: 'The experiences and progress of care leavers',
    short: 'Care leavers',
    variants: ['the experiences and progress of care leavers', 'the experiences and progress of children care leavers'],
  },
  overall: {
    key: 'overall',
    label: 'Overall effectiveness',
    short: 'Overall effectiveness',
    variants: ['overall effectiveness'],
  },
} satisfies Record<string, JudgementDef>;

const ilacsTitles = ["inspection of children's social care services", "inspection of children's services", "local authority children's services", 'children and families trust', "children's services trust"];

export const FRAMEWORKS: Record<FrameworkId, Framework> = {
  LAC2012: {
    id: 'LAC2012',
    name: 'Inspection of looked after children services (2012)',
    from: '2012-01-01',
    to: '2013-11-17',
    scale: ['outstanding', 'good', 'adequate', 'inadequate'],
    titles: ['inspection of looked after children services', 'inspection of safeguarding and looked after children services'],
    judgements: [
      { key: 'overall', label: 'Overall effectiveness', short: 'Overall effectiveness', variants: ['overall effectiveness'] },
      { key: 'capacity_to_improve', label: 'Capacity for improvement', short: 'Capacity to improve', variants: ['capacity for improvement', 'capacity to improve'] },
      { key: 'outcomes', label: 'Outcomes for children and young people', short: 'Outcomes', variants: ['outcomes for children and young people', 'outcomes for looked after children and care leavers'] },
      { key: 'quality_of_provision', label: 'Quality of provision', short: 'Quality of provision', variants: ['quality of provision'] },
      { key: 'leadership', label: 'Leadership and management', short: 'Leadership and management', variants: ['leadership and management', 'ambition and prioritisation, leadership and management'] },
    ],
  },
  SIF: {
    id: 'SIF',
    name: 'Single inspection framework (2013–2018)',
    from: '2013-11-18',
    to: '2018-12-31',
    scale: FOUR_POINT,
    titles: [
      'inspection of services for children in need of help and protection',
      're-inspection of services for children in need of help and protection',
      'reinspection of services for children in need of help and protection',
    ],
    judgements: [
      { key: 'overall', label: 'Overall judgement', short: 'Overall effectiveness', variants: ['children’s services in the local authority', "children's services in the local authority", 'overall effectiveness', 'overall judgement'] },
      { key: 'help_protection', label: 'Children who need help and protection', short: 'Help and protection', variants: ['children who need help and protection'] },
      { key: 'looked_after', label: 'Children looked after and achieving permanence', short: 'Looked after and permanence', variants: ['children looked after and achieving permanence'] },
      { key: 'adoption', label: 'Adoption performance', short: 'Adoption', variants: ['adoption performance'] },
      { key: 'care_leavers', label: 'Experiences and progress of care leavers', short: 'Care leavers', variants: ['experiences and progress of care leavers'] },
      { key: 'leadership', label: 'Leadership, management and governance', short: 'Leadership', variants: ['leadership, management and governance'] },
      { key: 'lscb', label: 'The effectiveness of the Local Safeguarding Children Board', short: 'LSCB', variants: ['the local safeguarding children board', 'local safeguarding children board', 'effectiveness of the lscb'] },
    ],
  },
  LSCB: {
    id: 'LSCB',
    name: 'Review of the Local Safeguarding Children Board (2013–2018)',
    from: '2013-11-18',
    to: '2018-12-31',
    scale: FOUR_POINT,
    titles: ['review of the effectiveness of the local safeguarding children board'],
    judgements: [
      { key: 'lscb', label: 'The effectiveness of the Local Safeguarding Children Board', short: 'LSCB', variants: ['the local safeguarding children board', 'local safeguarding children board'] },
    ],
  },
  ILACS2018: {
    id: 'ILACS2018',
    name: 'Inspection of local authority children’s services (2018)',
    from: '2018-01-01',
    to: '2022-12-31',
    scale: FOUR_POINT,
    titles: ilacsTitles,
    judgements: [
      ilacsCommon.leaders,
      ilacsCommon.help,
      { key: 'in_care_and_leavers', label: 'The experiences and progress of children in care and care leavers', short: 'In care and care leavers', variants: ['the experiences and progress of children in care and care leavers'] },
      ilacsCommon.overall,
    ],
  },
  ILACS2023: {
    id: 'ILACS2023',
    name: 'Inspection of local authority children’s services (2023)',
    from: '2023-01-01',
    to: '2026-03-31',
    scale: FOUR_POINT,
    titles: ilacsTitles,
    judgements: [ilacsCommon.leaders, ilacsCommon.help, ilacsCommon.inCare, ilacsCommon.leavers, ilacsCommon.overall],
  },
  ILACS2026: {
    id: 'ILACS2026',
    name: 'Inspection of local authority children’s services (2026)',
    from: '2026-04-01',
    to: null,
    scale: FOUR_POINT,
    titles: ilacsTitles,
    judgements: [ilacsCommon.leaders, ilacsCommon.help, ilacsCommon.inCare, ilacsCommon.leavers],
  },
};

/** The ILACS framework in force for an inspection that started on `start` (ISO date). */
export function ilacsFrameworkFor(start: string): FrameworkId {
  if (start >= FRAMEWORKS.ILACS2026.from) return 'ILACS2026';
  if (start >= FRAMEWORKS.ILACS2023.from) return 'ILACS2023';
  return 'ILACS2018';
}

export const GRADE_LABELS: Record<Grade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement to be good',
  adequate: 'Adequate',
  inadequate: 'Inadequate',
  not_judged: 'Not judged',
};

/** Grade label as the framework prints it (SIF says "Requires improvement"). */
export function gradeLabel(grade: Grade, framework?: FrameworkId): string {
  if (grade === 'requires_improvement' && (framework === 'SIF' || framework === 'LSCB')) return 'Requires improvement';
  return GRADE_LABELS[grade];
}

/** Reads a printed grade ("Requires improvement to be good", "Good", "Not Judged"…); null when it is not one. */
export function parseGrade(text: string): Grade | null {
  const t = text.toLowerCase().replace(/[^a-z ]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (/^requires improvement( to be good)?$/.test(t)) return 'requires_improvement';
  if (t === 'outstanding') return 'outstanding';
  if (t === 'good') return 'good';
  if (t === 'adequate') return 'adequate';
  if (t === 'inadequate') return 'inadequate';
  if (t === 'not judged') return 'not_judged';
  return null;
}

export function isGrade(v: unknown): v is Grade {
  return typeof v === 'string' && (GRADES as readonly string[]).includes(v);
}

export function isFrameworkId(v: unknown): v is FrameworkId {
  return typeof v === 'string' && (FRAMEWORK_IDS as readonly string[]).includes(v);
}

/** Every judgement key used by any framework, in a stable display order. */
export function judgementLabel(key: JudgementKey, framework?: FrameworkId): string {
  const fws = framework ? [FRAMEWORKS[framework]] : Object.values(FRAMEWORKS);
  for (const fw of fws) {
    const def = fw.judgements.find((j) => j.key === key);
    if (def) return def.label;
  }
  return key;
}

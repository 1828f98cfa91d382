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

/** Frameworks that share a title and a layout: the reader has one parser per family. */
// In the order page 1 titles are tried: a SIF title also names the LSCB review, a trust's name contains ILACS's "children's services trust".
export const FRAMEWORK_FAMILIES = ['SIF', 'LAC2012', 'LSCB', 'ILACS'] as const;
export type FrameworkFamily = (typeof FRAMEWORK_FAMILIES)[number];

/**
 * Whether a report of the framework must carry a judgement: always; only
 * when the report prints the part it judges (a SIF report's LSCB review is
 * bound in with most reports, not all); or never required.
 */
export type Requirement = 'always' | 'when_printed' | 'optional';

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
  required: Requirement;
  /**
   * Today's judgement areas this judgement counts as, the way Ofsted's
   * official statistics map older frameworks onto the current ones (SIF
   * "leadership, management and governance" counts as leaders; ILACS 2018
   * "children in care and care leavers" as both areas). Empty: it counts
   * as none of them (the LSCB review, adoption, LAC 2012's judgements).
   */
  areas: JudgementKey[];
  /**
   * What inspectors evaluate under this judgement: the framework's
   * evaluation criteria as short headings (in this project's words, not
   * Ofsted's text). Evidence recorded for the judgement names one of them.
   */
  criteria?: string[];
  /** The judged part keeps its own list of recommendations apart from the report's (a SIF report's LSCB review: Report.lscbImprovements); names the part. */
  ownList?: string;
}

export interface Framework {
  id: FrameworkId;
  name: string;
  family: FrameworkFamily;
  /** First and last on-site start date the framework applies to (ISO dates; null = still in force). */
  from: string;
  to: string | null;
  /** Grade scale, best first. */
  scale: Grade[];
  /** How this framework prints a grade, where it differs from GRADE_LABELS (SIF: "Requires improvement"). */
  gradeWording?: Partial<Record<Grade, string>>;
  /** Judgements in report order. */
  judgements: JudgementDef[];
  /** The judgement that heads the report: overall effectiveness where there is one. */
  headline: JudgementKey;
  /** What pages call the headline judgement, when not its own short label ("Impact of leaders (no overall grade from 2026)"). */
  headlineLabel?: string;
  /** A full inspection: counted in the national picture, the "latest inspection" views and the forecast. */
  fullInspection: boolean;
  /**
   * The report's list of what must improve: the name it goes by here and
   * the headings reports print it under (lower case, loosely matched).
   * Null: the framework's reports have no such list.
   */
  improvements: { name: string; headings: string[] } | null;
  /** Phrases on page 1 (lower case) that identify the framework's reports. */
  titles: string[];
  /** How a summary names one report of the framework, as the subject of a sentence ("Ofsted’s inspection of children’s services"). */
  describedAs: string;
  /**
   * The section headings (lower case, loosely matched: a heading containing
   * one matches) under which a report prints its headline findings, in order
   * of preference: summaries quote from the first that has a clean sentence.
   */
  findings: string[];
  /**
   * Kinds of full inspection told apart by their time on site (ILACS: a
   * short inspection of one week after good or outstanding, a standard one
   * of two weeks otherwise); the report does not say which.
   */
  kinds?: { short: { name: string; maxDays: number; after: Grade[] }; standard: { name: string } };
  /**
   * Ofsted's published rule for when the next full inspection comes: about
   * `months` after the previous one, give or take `toleranceMonths`.
   */
  cycle?: { months: number; toleranceMonths: number };
  /**
   * How an inspection under the framework runs, for the inspection workflow
   * (src/workflow): Ofsted's handbook timings. Absent: the workflow cannot
   * run an inspection under this framework.
   */
  workflow?: WorkflowTimings;
  /**
   * The report's sections the lead inspector writes, in the order the
   * report prints them, with the lengths the framework's reports run to
   * (words). Absent: the workflow has no drafting task list for it.
   */
  sections?: ReportSectionDef[];
}

/** 'headline': the headline findings under the judgement table; a judgement key: that judgement area's section. */
export type SectionKey = 'headline' | JudgementKey;

export interface ReportSectionDef {
  key: SectionKey;
  /** The section as the task list names it. */
  name: string;
  /** Expected length in words: the 10th to 90th percentile of the framework's published reports. */
  words: { min: number; max: number };
}

export interface WorkflowTimings {
  /** The lead inspector tells the director of children's services this many working days before fieldwork starts (the working week before). */
  noticeWorkingDays: number;
  /** Working days on site, Monday to Friday: one week for a short inspection, two for a standard one. */
  onSiteWorkingDays: { short: number; standard: number };
  /** Working days the council has to comment on the draft for factual accuracy. */
  accuracyCheckWorkingDays: number;
  /** Days from the last day on site to publication: Ofsted's median and its usual range (10th to 90th percentile). */
  publicationDays: { median: number; earliest: number; latest: number };
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
    required: 'always',
    criteria: ['Leaders know the quality of practice and act on what they find', 'Quality assurance and performance management', 'Workforce: caseloads, supervision and training', 'Corporate parenting and political and corporate support', 'Partnership working', 'Sufficiency of homes and services'],
    areas: ['leaders'],
  },
  help: {
    key: 'help_protection',
    label: 'The experiences and progress of children who need help and protection',
    short: 'Help and protection',
    variants: ['the experiences and progress of children who need help and protection'],
    required: 'always',
    criteria: ['Early help', 'Contacts, referrals and the front door', 'Children at risk of harm are identified and protected', 'Assessment and planning for children in need', 'Children at risk of exploitation or missing from home', 'Disabled children', '16- and 17-year-olds who present as homeless', 'Allegations against adults who work with children'],
    areas: ['help_protection'],
  },
  inCare: {
    key: 'in_care',
    label: 'The experiences and progress of children in care',
    short: 'Children in care',
    variants: ['the experiences and progress of children in care'],
    required: 'always',
    criteria: ['Decisions for children to come into care', 'Permanence and stability', 'Health and emotional well-being of children in care', 'Education of children in care', 'Children’s views and participation', 'Homes that meet children’s needs'],
    areas: ['in_care'],
  },
  leavers: {
    key: 'care_leavers',
    label: 'The experiences and progress of care leavers',
    short: 'Care leavers',
    variants: ['the experiences and progress of care leavers', 'the experiences and progress of children care leavers'],
    required: 'always',
    criteria: ['Pathway planning', 'Relationships with personal advisers', 'Suitable accommodation for care leavers', 'Education, employment and training', 'Care leavers’ health and emotional well-being'],
    areas: ['care_leavers'],
  },
  overall: {
    key: 'overall',
    label: 'Overall effectiveness',
    short: 'Overall effectiveness',
    variants: ['overall effectiveness'],
    required: 'always',
    criteria: ['Overall effectiveness of services for children and families'],
    areas: ['overall'],
  },
} satisfies Record<string, JudgementDef>;

const ilacsKinds = {
  short: { name: 'short inspection (one week on site)', maxDays: 7, after: ['outstanding', 'good'] as Grade[] },
  standard: { name: 'standard inspection (two weeks on site)' },
};
// Lengths measured with ilacs's reader on 40 ILACS 2023 reports published in 2024 and 2025
// (10th to 90th percentile of each section's words, rounded); the headline findings run from a
// short paragraph to a page.
const ilacsSection = (key: SectionKey, name: string, min: number, max: number): ReportSectionDef => ({ key, name, words: { min, max } });
const ilacsHeadline = ilacsSection('headline', 'Headline findings', 100, 350);
const ilacsAreaSections = [
  ilacsSection('help_protection', 'The experiences and progress of children who need help and protection', 950, 1550),
  ilacsSection('in_care', 'The experiences and progress of children in care', 850, 1550),
  ilacsSection('care_leavers', 'The experiences and progress of care leavers', 600, 1150),
  ilacsSection('leaders', 'The impact of leaders on social work practice with children and families', 800, 1250),
];
const ilacsWorkflow: WorkflowTimings = { noticeWorkingDays: 5, onSiteWorkingDays: { short: 5, standard: 10 }, accuracyCheckWorkingDays: 5, publicationDays: { median: 42, earliest: 31, latest: 66 } };
const inCareAndLeaversCriteria = [...(ilacsCommon.inCare.criteria ?? []), ...(ilacsCommon.leavers.criteria ?? [])];

const ilacsTitles = ["inspection of children's social care services", "inspection of children's services", "local authority children's services", 'children and families trust', "children's services trust"];
const ilacsImprovements = { name: 'What needs to improve', headings: ['what needs to improve', 'what does the local authority need to improve', 'areas for improvement'] };
const lscbVariants = ['the local safeguarding children board', 'local safeguarding children board', 'effectiveness of the lscb'];

/**
 * The frameworks table: one entry per framework, in the order they came
 * into force. Everything that differs between frameworks is said here, and
 * every module (reader, checks, store, analysis, pages, API, CSV/XLSX)
 * derives what it needs from it.
 */
export const FRAMEWORKS: Record<FrameworkId, Framework> = {
  LAC2012: {
    id: 'LAC2012',
    name: 'Inspection of looked after children services (2012)',
    family: 'LAC2012',
    from: '2012-01-01',
    to: '2013-11-17',
    scale: ['outstanding', 'good', 'adequate', 'inadequate'],
    titles: ['inspection of looked after children services', 'inspection of safeguarding and looked after children services'],
    judgements: [
      { key: 'overall', label: 'Overall effectiveness', short: 'Overall effectiveness', variants: ['overall effectiveness'], required: 'always', areas: [] },
      { key: 'capacity_to_improve', label: 'Capacity for improvement', short: 'Capacity to improve', variants: ['capacity for improvement', 'capacity to improve'], required: 'always', areas: [] },
      { key: 'outcomes', label: 'Outcomes for children and young people', short: 'Outcomes', variants: ['outcomes for children and young people', 'outcomes for looked after children and care leavers'], required: 'always', areas: [] },
      { key: 'quality_of_provision', label: 'Quality of provision', short: 'Quality of provision', variants: ['quality of provision'], required: 'always', areas: [] },
      { key: 'leadership', label: 'Leadership and management', short: 'Leadership and management', variants: ['leadership and management', 'ambition and prioritisation, leadership and management'], required: 'always', areas: [] },
    ],
    headline: 'overall',
    fullInspection: false,
    improvements: { name: 'Areas for improvement', headings: ['areas for improvement'] },
    describedAs: 'Ofsted’s inspection of services for looked after children',
    findings: ['overall effectiveness'],
  },
  SIF: {
    id: 'SIF',
    name: 'Single inspection framework (2013–2018)',
    family: 'SIF',
    from: '2013-11-18',
    to: '2018-12-31',
    scale: FOUR_POINT,
    gradeWording: { requires_improvement: 'Requires improvement' },
    titles: [
      'inspection of services for children in need of help and protection',
      're-inspection of services for children in need of help and protection',
      'reinspection of services for children in need of help and protection',
    ],
    judgements: [
      { key: 'overall', label: 'Overall judgement', short: 'Overall effectiveness', variants: ['children’s services in the local authority', "children's services in the local authority", 'overall effectiveness', 'overall judgement'], required: 'always', areas: ['overall'] },
      { key: 'help_protection', label: 'Children who need help and protection', short: 'Help and protection', variants: ['children who need help and protection'], required: 'always', areas: ['help_protection'] },
      { key: 'looked_after', label: 'Children looked after and achieving permanence', short: 'Looked after and permanence', variants: ['children looked after and achieving permanence'], required: 'always', areas: ['in_care'] },
      { key: 'adoption', label: 'Adoption performance', short: 'Adoption', variants: ['adoption performance'], required: 'always', areas: [] },
      { key: 'care_leavers', label: 'Experiences and progress of care leavers', short: 'Care leavers', variants: ['experiences and progress of care leavers'], required: 'always', areas: ['care_leavers'] },
      { key: 'leadership', label: 'Leadership, management and governance', short: 'Leadership', variants: ['leadership, management and governance'], required: 'always', areas: ['leaders'] },
      { key: 'lscb', label: 'The effectiveness of the Local Safeguarding Children Board', short: 'LSCB', variants: lscbVariants, required: 'when_printed', areas: [], ownList: 'an LSCB review' },
    ],
    headline: 'overall',
    fullInspection: true,
    improvements: { name: 'Recommendations', headings: ['recommendations', 'what does the local authority need to improve'] },
    describedAs: 'Ofsted’s single inspection of children’s services',
    findings: ['executive summary', 'summary'],
  },
  LSCB: {
    id: 'LSCB',
    name: 'Review of the Local Safeguarding Children Board (2013–2018)',
    family: 'LSCB',
    from: '2013-11-18',
    to: '2018-12-31',
    scale: FOUR_POINT,
    gradeWording: { requires_improvement: 'Requires improvement' },
    titles: ['review of the effectiveness of the local safeguarding children board'],
    judgements: [{ key: 'lscb', label: 'The effectiveness of the Local Safeguarding Children Board', short: 'LSCB', variants: lscbVariants.slice(0, 2), required: 'always', areas: [] }],
    headline: 'lscb',
    headlineLabel: 'Local Safeguarding Children Board',
    fullInspection: false,
    improvements: {
      name: 'Recommendations',
      headings: ['recommendations', 'what does the lscb need to improve', 'what does the local safeguarding children board need to improve', 'priority and immediate action', 'areas for improvement'],
    },
    describedAs: 'Ofsted’s review of the Local Safeguarding Children Board',
    findings: ['executive summary', 'summary'],
  },
  ILACS2018: {
    id: 'ILACS2018',
    name: 'Inspection of local authority children’s services (2018)',
    family: 'ILACS',
    from: '2018-01-01',
    to: '2022-12-31',
    scale: FOUR_POINT,
    titles: ilacsTitles,
    judgements: [
      ilacsCommon.leaders,
      ilacsCommon.help,
      { key: 'in_care_and_leavers', label: 'The experiences and progress of children in care and care leavers', short: 'In care and care leavers', variants: ['the experiences and progress of children in care and care leavers'], required: 'always', areas: ['in_care', 'care_leavers'], criteria: inCareAndLeaversCriteria },
      ilacsCommon.overall,
    ],
    headline: 'overall',
    fullInspection: true,
    improvements: ilacsImprovements,
    describedAs: 'Ofsted’s inspection of children’s services',
    findings: ['judgement grade', 'headline findings', 'overall effectiveness'],
    kinds: ilacsKinds,
    workflow: ilacsWorkflow,
    cycle: { months: 36, toleranceMonths: 6 },
  },
  ILACS2023: {
    id: 'ILACS2023',
    name: 'Inspection of local authority children’s services (2023)',
    family: 'ILACS',
    from: '2023-01-01',
    to: '2026-03-31',
    scale: FOUR_POINT,
    titles: ilacsTitles,
    judgements: [ilacsCommon.leaders, ilacsCommon.help, ilacsCommon.inCare, ilacsCommon.leavers, ilacsCommon.overall],
    headline: 'overall',
    fullInspection: true,
    improvements: ilacsImprovements,
    describedAs: 'Ofsted’s inspection of children’s services',
    findings: ['judgement grade', 'headline findings', 'overall effectiveness'],
    kinds: ilacsKinds,
    workflow: ilacsWorkflow,
    sections: [ilacsHeadline, ...ilacsAreaSections],
    cycle: { months: 36, toleranceMonths: 6 },
  },
  ILACS2026: {
    id: 'ILACS2026',
    name: 'Inspection of local authority children’s services (2026)',
    family: 'ILACS',
    from: '2026-04-01',
    to: null,
    scale: FOUR_POINT,
    titles: ilacsTitles,
    judgements: [ilacsCommon.leaders, ilacsCommon.help, ilacsCommon.inCare, ilacsCommon.leavers],
    headline: 'leaders',
    headlineLabel: 'Impact of leaders (no overall grade from 2026)',
    fullInspection: true,
    improvements: ilacsImprovements,
    describedAs: 'Ofsted’s inspection of children’s services',
    findings: ['judgement grade', 'headline findings', 'overall effectiveness'],
    kinds: ilacsKinds,
    workflow: ilacsWorkflow,
    sections: [ilacsHeadline, ...ilacsAreaSections],
    cycle: { months: 36, toleranceMonths: 6 },
  },
};

/**
 * Adds a framework to the table (the next one Ofsted brings in, or one a
 * test imagines): its id and any new judgement keys join the lists, and
 * everything derived from the table picks it up. Call it before the
 * modules that read the table are loaded (schemas are built on load).
 */
export function addFramework(fw: Framework): void {
  if ((FRAMEWORK_IDS as readonly string[]).includes(fw.id)) throw new Error(`framework ${fw.id} is already in the table`);
  (FRAMEWORK_IDS as unknown as string[]).push(fw.id);
  for (const j of fw.judgements) if (!(JUDGEMENT_KEYS as readonly string[]).includes(j.key)) (JUDGEMENT_KEYS as unknown as string[]).push(j.key);
  (FRAMEWORKS as Record<string, Framework>)[fw.id] = fw;
}

/** The table's entries in the order they came into force. */
export function frameworkList(): Framework[] {
  return FRAMEWORK_IDS.map((id) => FRAMEWORKS[id]).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** The frameworks of a family (ILACS 2018, 2023, 2026, …), oldest first. */
export function familyFrameworks(family: FrameworkFamily): Framework[] {
  return frameworkList().filter((f) => f.family === family);
}

/** The framework of a family in force for an inspection that started on `start` (ISO date): the newest whose dates hold it. */
export function frameworkInForce(family: FrameworkFamily, start: string): Framework | null {
  const inForce = familyFrameworks(family).filter((f) => start >= f.from && (f.to === null || start <= f.to));
  return inForce[inForce.length - 1] ?? null;
}

/** The full-inspection frameworks (counted in the national picture and "latest inspection" views). */
export function fullInspectionFrameworks(): FrameworkId[] {
  return frameworkList()
    .filter((f) => f.fullInspection)
    .map((f) => f.id);
}

export function isFullInspection(id: FrameworkId): boolean {
  return FRAMEWORKS[id]?.fullInspection === true;
}

/** The judgement keys a report of the framework must carry; `printed` says whether a part judged only when printed is printed. */
export function requiredKeys(fw: Framework, printed: (def: JudgementDef) => boolean = () => false): JudgementKey[] {
  return fw.judgements.filter((j) => j.required === 'always' || (j.required === 'when_printed' && printed(j))).map((j) => j.key);
}

/**
 * Today's judgement areas, in the order pages and downloads show them:
 * overall effectiveness first, then the newest full-inspection framework's
 * areas in report order, then any older area no longer judged.
 */
export function currentAreas(): JudgementKey[] {
  const full = frameworkList()
    .filter((f) => f.fullInspection)
    .reverse();
  const out: JudgementKey[] = [];
  const add = (k: JudgementKey): void => {
    if (!out.includes(k)) out.push(k);
  };
  if (full.some((f) => f.judgements.some((j) => j.areas.includes('overall')))) add('overall');
  for (const f of full) for (const j of f.judgements) for (const a of j.areas) add(a);
  return out;
}

/** A current area's short label, from the newest framework that judges it ("Children in care"). */
export function areaLabel(area: JudgementKey): string {
  const fws = frameworkList().reverse();
  for (const f of fws) {
    const def = f.judgements.find((j) => j.key === area);
    if (def) return def.short;
  }
  return area;
}

/** The judgement keys that count as a current area: the area itself, then older frameworks' judgements mapped onto it. */
export function keysForArea(area: JudgementKey): JudgementKey[] {
  const out: JudgementKey[] = [area];
  for (const f of frameworkList()) for (const j of f.judgements) if (j.areas.includes(area) && !out.includes(j.key)) out.push(j.key);
  return out;
}

/** Every judgement key of the full-inspection frameworks, in the table's key order: the judgement columns of downloads. */
export function fullInspectionKeys(): JudgementKey[] {
  const used = new Set(
    frameworkList()
      .filter((f) => f.fullInspection)
      .flatMap((f) => f.judgements.map((j) => j.key)),
  );
  return JUDGEMENT_KEYS.filter((k) => used.has(k));
}

/** The name of a framework's headline judgement, as pages show it ("Overall effectiveness"; "Impact of leaders (no overall grade from 2026)"). */
export function headlineName(id: FrameworkId): string {
  const fw = FRAMEWORKS[id];
  if (!fw) return 'Overall effectiveness';
  return fw.headlineLabel ?? fw.judgements.find((j) => j.key === fw.headline)?.short ?? fw.headline;
}

/** A report's headline grade: the grade of its framework's headline judgement. */
export function headlineGradeOf(framework: FrameworkId, judgements: readonly { key: JudgementKey; grade: Grade }[]): Grade | null {
  const key = FRAMEWORKS[framework]?.headline ?? 'overall';
  return judgements.find((j) => j.key === key)?.grade ?? null;
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
  return (framework && FRAMEWORKS[framework]?.gradeWording?.[grade]) || GRADE_LABELS[grade];
}


export function isGrade(v: unknown): v is Grade {
  return typeof v === 'string' && (GRADES as readonly string[]).includes(v);
}

export function isFrameworkId(v: unknown): v is FrameworkId {
  return typeof v === 'string' && (FRAMEWORK_IDS as readonly string[]).includes(v);
}

/** A judgement's printed label, under the given framework or the first that has it. */
export function judgementLabel(key: JudgementKey, framework?: FrameworkId): string {
  const fws = framework ? [FRAMEWORKS[framework]] : Object.values(FRAMEWORKS);
  for (const fw of fws) {
    const def = fw.judgements.find((j) => j.key === key);
    if (def) return def.label;
  }
  return key;
}

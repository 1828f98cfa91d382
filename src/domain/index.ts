// Public surface of src/domain: the frameworks and the local authorities as data.
export * from './frameworks.ts';
export * from './authorities.ts';
export { normaliseName, nameTokens } from './names.ts';
export * from './report.ts';
export * from './workflow.ts';

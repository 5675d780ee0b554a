// The label index: every live series' labels, and postings to select them by matchers.
export { LabelIndex } from './label-index.ts';
export { compileMatcher } from './matcher-plan.ts';

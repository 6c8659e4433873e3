/** The stages of election day an observer reports on; each has its checklist. */
export const STAGES = ['opening', 'voting', 'closing', 'counting', 'tabulation'] as const;
export type Stage = (typeof STAGES)[number];

/** A station visit's overall assessment, ODIHR's scale; not_applicable when the stage was not seen. */
export const OVERALL_ASSESSMENTS = ['very_good', 'good', 'bad', 'very_bad', 'not_applicable'] as const;
export type OverallAssessment = (typeof OVERALL_ASSESSMENTS)[number];
/** ODIHR practice: "assessed negatively" means bad or very bad. */
export const NEGATIVE_ASSESSMENTS: readonly OverallAssessment[] = ['bad', 'very_bad'];

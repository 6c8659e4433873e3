import { Stage } from '../common/stages';
import { ChecklistQuestion, QuestionType } from './entities/checklist.types';

/*
 * The checklists a new mission starts with, modelled on the ODIHR observation forms (opening,
 * voting, closing and counting, tabulation). Conventions, so the numbers a summary quotes mean
 * the same thing across questions:
 * - Question codes are stable snake_case identifiers: answers and imports refer to them, so a
 *   code is never renamed once it has been shipped.
 * - A question is worded so that its answer needs no interpretation; `negativeAnswers` follows
 *   the question's direction ("box sealed?" -> "no" is negative; "unauthorized persons
 *   present?" -> "yes" is negative).
 * - For yes / no / partially questions about a procedure or a condition, "partially" counts as
 *   negative too: a procedure partially followed was not followed.
 * - Nothing is required: an observer who arrived after a step, or finds it not applicable,
 *   leaves the answer empty, and the summary leaves empty answers out of its denominators.
 *   A mission that wants stricter forms marks questions required with PUT.
 * - The visit's overall assessment (very good ... very bad) is a field of the visit itself, not
 *   a question here.
 * The opening set follows the questions of the Albanian domestic observers' 2017 opening form
 * (see the README of the sample data) so that real data imports with a column mapping only.
 */

const NEGATIVE_IF_NO = ['no'];
const NEGATIVE_IF_YES = ['yes'];
const NEGATIVE_UNLESS_YES = ['no', 'partial'];

function q(
  code: string,
  text: string,
  type: QuestionType,
  negativeAnswers: string[] = [],
  options: string[] = [],
): ChecklistQuestion {
  return { code, text, type, options, required: false, negativeAnswers };
}

const yesNo = (code: string, text: string, negative: string[]) => q(code, text, 'yes_no', negative);
const yesNoPartial = (code: string, text: string) => q(code, text, 'yes_no_partial', NEGATIVE_UNLESS_YES);
const count = (code: string, text: string) => q(code, text, 'number');
const comments = () => q('comments', 'Comments (what you saw that the questions do not cover)', 'text');

const unauthorizedPersons = (where: string) =>
  yesNo(
    'unauthorized_persons_present',
    `Were unauthorized persons (e.g. police, local officials) present in ${where} or interfering?`,
    NEGATIVE_IF_YES,
  );

const observersAbleToObserve = (what: string) =>
  yesNo('observers_able_to_observe', `Were observers able to observe ${what} without restriction?`, NEGATIVE_IF_NO);

const OPENING: ChecklistQuestion[] = [
  yesNo('opened_on_time', 'Did the polling station open on time?', NEGATIVE_IF_NO),
  q('premises_type', 'Is the polling station in a public or a private building?', 'choice', [], ['public', 'private']),
  count('commission_members_present', 'How many commission members were present at opening?'),
  count('voters_on_list', "How many voters are on the polling station's voter list?"),
  count('ballots_received', 'How many ballot papers did the polling station receive?'),
  yesNo(
    'secrecy_ensured',
    'Was the layout of the polling station adequate to ensure the secrecy of the vote?',
    NEGATIVE_IF_NO,
  ),
  yesNo('freedom_of_movement', 'Was there enough space for voters to move and vote freely?', NEGATIVE_IF_NO),
  yesNo(
    'campaign_material_removed_inside',
    'Had all campaign material been removed from inside the polling station?',
    NEGATIVE_IF_NO,
  ),
  yesNo(
    'campaign_material_removed_outside',
    'Had all campaign material been removed from the vicinity of the polling station?',
    NEGATIVE_IF_NO,
  ),
  yesNoPartial(
    'all_materials_present',
    'Were all essential materials present (ballots, ballot box, voter list, seals, stamps, ink, protocol forms)?',
  ),
  yesNo('ballot_box_shown_empty', 'Was the ballot box shown to be empty before it was sealed?', NEGATIVE_IF_NO),
  yesNo('ballot_box_sealed', 'Was the ballot box properly sealed?', NEGATIVE_IF_NO),
  yesNo('seal_numbers_recorded', 'Were the serial numbers of the seals recorded?', NEGATIVE_IF_NO),
  yesNo('opening_protocol_completed', 'Was the opening record completed?', NEGATIVE_IF_NO),
  yesNo(
    'equipped_for_blind_voters',
    'Was the polling station equipped for blind voters (e.g. tactile ballot guides)?',
    NEGATIVE_IF_NO,
  ),
  yesNoPartial('accessible_for_disabled_voters', 'Was the polling station accessible for voters with disabilities?'),
  unauthorizedPersons('the polling station'),
  yesNoPartial('procedures_followed', 'Were the opening procedures followed?'),
  comments(),
];

const VOTING: ChecklistQuestion[] = [
  q('queue_outside', 'How long was the queue of voters outside?', 'choice', [], ['none', 'short', 'long']),
  yesNo('overcrowded', 'Was the polling station overcrowded?', NEGATIVE_IF_YES),
  yesNoPartial('secrecy_ensured', 'Was the secrecy of the vote ensured?'),
  yesNoPartial('identity_checked', "Did the commission check voters' identity documents?"),
  yesNoPartial('voters_checked_against_list', 'Were voters checked against the voter list before voting?'),
  yesNoPartial('ink_checked', "Were voters' fingers checked for ink?"),
  yesNoPartial('ink_applied', "Was ink applied to voters' fingers?"),
  yesNo('ballot_box_sealed', 'Was the ballot box properly sealed?', NEGATIVE_IF_NO),
  yesNo('group_voting', 'Did you observe group or family voting?', NEGATIVE_IF_YES),
  yesNo(
    'pressure_on_voters',
    'Did you observe pressure on voters or attempts to influence their choice?',
    NEGATIVE_IF_YES,
  ),
  yesNo('vote_buying_indications', 'Did you observe indications of vote buying?', NEGATIVE_IF_YES),
  yesNo('multiple_voting', 'Did you observe anyone voting more than once?', NEGATIVE_IF_YES),
  yesNo('ballot_stuffing', 'Did you observe indications of ballot box stuffing?', NEGATIVE_IF_YES),
  yesNo('campaign_material_present', 'Was campaign material present in or near the polling station?', NEGATIVE_IF_YES),
  unauthorizedPersons('the polling station'),
  count('voters_turned_away', 'How many voters were turned away while you were present?'),
  observersAbleToObserve('all steps of the voting'),
  yesNoPartial('procedures_followed', 'Were the voting procedures followed?'),
  comments(),
];

const CLOSING: ChecklistQuestion[] = [
  yesNo('closed_on_time', 'Did the polling station close on time?', NEGATIVE_IF_NO),
  yesNo('queue_allowed_to_vote', 'Were voters waiting in line at closing time allowed to vote?', NEGATIVE_IF_NO),
  yesNo('unused_ballots_counted', 'Were the unused ballots counted before the ballot box was opened?', NEGATIVE_IF_NO),
  yesNo('unused_ballots_cancelled', 'Were the unused ballots cancelled and set aside?', NEGATIVE_IF_NO),
  count('unused_ballots_number', 'How many unused ballots were cancelled?'),
  yesNo('signatures_counted', 'Were the signatures on the voter list counted and the number recorded?', NEGATIVE_IF_NO),
  yesNo('ballot_box_seals_intact', 'Were the seals of the ballot box intact before it was opened?', NEGATIVE_IF_NO),
  unauthorizedPersons('the polling station'),
  observersAbleToObserve('the closing'),
  yesNoPartial('procedures_followed', 'Were the closing procedures followed?'),
  comments(),
];

const COUNTING: ChecklistQuestion[] = [
  yesNoPartial('count_procedures_followed', 'Were the counting procedures followed?'),
  yesNo('ballot_marks_shown', 'Was the mark on each ballot shown to everyone present?', NEGATIVE_IF_NO),
  yesNoPartial(
    'validity_determined_reasonably',
    'Was the validity of ballots determined in a reasonable and consistent manner?',
  ),
  yesNo('validity_disputes', 'Were there disputes over the validity of ballots?', NEGATIVE_IF_YES),
  count('invalid_ballots', 'How many ballots were declared invalid?'),
  yesNo(
    'figures_reconciled',
    'Did the figures reconcile (ballots in the box against signatures on the list)?',
    NEGATIVE_IF_NO,
  ),
  yesNo('protocol_completed', 'Was the results protocol completed in full?', NEGATIVE_IF_NO),
  yesNo('protocol_pre_signed', 'Had commission members signed the protocol before the count?', NEGATIVE_IF_YES),
  yesNo('protocol_posted_publicly', 'Was a copy of the results protocol posted for public display?', NEGATIVE_IF_NO),
  yesNo(
    'observers_given_copy',
    'Were observers given a certified copy of the results protocol when they asked?',
    NEGATIVE_IF_NO,
  ),
  unauthorizedPersons('the count'),
  observersAbleToObserve('the count'),
  comments(),
];

const TABULATION: ChecklistQuestion[] = [
  yesNoPartial('tabulation_transparent', 'Was the tabulation process transparent?'),
  observersAbleToObserve('the tabulation, including data entry'),
  yesNoPartial('protocols_entered_correctly', 'Were the figures of the polling station protocols entered correctly?'),
  yesNo(
    'protocols_corrected_outside_procedure',
    'Were protocols changed or corrected outside the legal procedure?',
    NEGATIVE_IF_YES,
  ),
  yesNo(
    'materials_received_intact',
    'Were the election materials received with their packaging and seals intact?',
    NEGATIVE_IF_NO,
  ),
  count('protocols_received', 'How many polling station protocols had been received?'),
  yesNo('premises_overcrowded', 'Were the tabulation premises overcrowded?', NEGATIVE_IF_YES),
  yesNo('tension_or_unrest', 'Was there tension or unrest in or around the premises?', NEGATIVE_IF_YES),
  unauthorizedPersons('the premises'),
  yesNo(
    'results_published_by_station',
    'Were the tabulated results made public broken down by polling station?',
    NEGATIVE_IF_NO,
  ),
  yesNoPartial('procedures_followed', 'Were the tabulation procedures followed?'),
  comments(),
];

export const DEFAULT_TEMPLATES: Readonly<Record<Stage, readonly ChecklistQuestion[]>> = {
  opening: OPENING,
  voting: VOTING,
  closing: CLOSING,
  counting: COUNTING,
  tabulation: TABULATION,
};

/** A fresh copy, so a caller that edits the questions cannot change the defaults of the next mission. */
export function defaultQuestions(stage: Stage): ChecklistQuestion[] {
  return DEFAULT_TEMPLATES[stage].map((question) => ({
    ...question,
    options: [...(question.options ?? [])],
    negativeAnswers: [...question.negativeAnswers],
  }));
}

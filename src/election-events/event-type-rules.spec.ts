import { checkEventType, checkTypeChange, EVENT_TYPE_RULES } from './event-type-rules';
import { EVENT_TYPES } from './entities/election-event.enums';

describe('event type rules', () => {
  it('has a rule for every event type', () => {
    expect(Object.keys(EVENT_TYPE_RULES).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('accepts a meeting with counterpart fields and no others', () => {
    expect(checkEventType({ type: 'meeting', pollingStationId: null, counterpart: 'Jeyhun Bayramov' })).toEqual([]);
  });

  it('treats empty answers as absent', () => {
    expect(checkEventType({ type: 'meeting', pollingStationId: null, answers: {} })).toEqual([]);
  });

  it('names each field a type does not use', () => {
    expect(checkEventType({ type: 'briefing', pollingStationId: null, stage: 'voting', severity: 'low' })).toEqual([
      { field: 'stage', message: 'stage does not apply to briefing events' },
      { field: 'severity', message: 'severity does not apply to briefing events' },
    ]);
  });

  it('requires a station and a stage for a station visit', () => {
    expect(checkEventType({ type: 'station_visit', pollingStationId: null }).map((e) => e.field)).toEqual([
      'pollingStationId',
      'stage',
    ]);
  });

  it('requires category and severity for an incident', () => {
    expect(checkEventType({ type: 'incident', pollingStationId: null, category: 'other' }).map((e) => e.field)).toEqual(
      ['severity'],
    );
  });

  it('lets a type change within its family only', () => {
    expect(checkTypeChange('meeting', 'press_conference')).toEqual([]);
    expect(checkTypeChange('meeting', 'station_visit')[0].field).toBe('type');
  });
});

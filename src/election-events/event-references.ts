import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { checkOwnReporters, ownRecordsScope } from '../auth/actor';
import { badRequestFromFieldErrors, FieldError } from '../common/validation';
import { Caller } from '../common/request-context';
import { ReferencesStore } from './references.store';

export function stationError(missionId: number, pollingStationId: number): FieldError {
  return {
    field: 'pollingStationId',
    message: `pollingStationId: ${pollingStationId} is not a polling station of mission ${missionId}`,
  };
}

/** The observers and station an event names must be its mission's. */
@Injectable()
export class EventReferences {
  constructor(private readonly references: ReferencesStore) {}

  /** 400 unless the observers (see observerErrors) and the station belong to the mission. */
  async check(
    caller: Caller,
    em: EntityManager,
    missionId: number,
    observers: { observerIds: number[] | undefined; listed: number[] },
    pollingStationId: number | null | undefined,
  ): Promise<void> {
    const errors = await this.observerErrors(caller, em, missionId, observers.observerIds, observers.listed);
    if (pollingStationId !== undefined && pollingStationId !== null) {
      const station = await this.references.findStation(em, missionId, pollingStationId);
      if (!station) errors.push(stationError(missionId, pollingStationId));
    }
    if (errors.length) throw badRequestFromFieldErrors(errors);
  }

  /**
   * The observers a write names must be the mission's; an observer user's, also itself and its
   * team (checkOwnReporters, which throws 403). `listed`: those the event lists before an edit.
   */
  async observerErrors(
    caller: Caller,
    em: EntityManager,
    missionId: number,
    observerIds: number[] | undefined,
    listed: number[] = [],
  ): Promise<FieldError[]> {
    if (observerIds === undefined) return [];
    const own = ownRecordsScope(caller);
    const errors = own ? await checkOwnReporters(em, own, missionId, observerIds, listed) : [];
    if (!observerIds.length) return errors;
    const missing = await this.references.missingObservers(em, missionId, observerIds);
    if (!missing.length) return errors;
    return [
      ...errors,
      {
        field: 'observerIds',
        message: `observerIds: ${missing.join(', ')} ${missing.length === 1 ? 'is not an observer' : 'are not observers'} of mission ${missionId}`,
      },
    ];
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Observer } from '../observers/entities/observer.entity';
import { PollingStation } from '../polling-stations/entities/polling-station.entity';

export type StationRef = Pick<PollingStation, 'id' | 'code' | 'constituencyCode' | 'registeredVoters'>;

const LOOKUP_BATCH = 500;

async function inBatches<T, R>(items: T[], size: number, fn: (batch: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await fn(items.slice(i, i + size))));
  return out;
}

/**
 * The observers and polling stations an event or an import names, looked up in its mission,
 * through the write's manager so that a row deleted meanwhile is not accepted.
 */
@Injectable()
export class ReferencesStore {
  /** Those of `observerIds` that are not observers of the mission. */
  async missingObservers(em: EntityManager, missionId: number, observerIds: number[]): Promise<number[]> {
    const found = await em.find(Observer, { select: { id: true }, where: { missionId, id: In(observerIds) } });
    const foundIds = new Set(found.map((o) => o.id));
    return observerIds.filter((id) => !foundIds.has(id));
  }

  findStation(em: EntityManager, missionId: number, stationId: number): Promise<StationRef | null> {
    return em.findOne(PollingStation, {
      select: { id: true, code: true, constituencyCode: true, registeredVoters: true },
      where: { missionId, id: stationId },
    });
  }

  /** The mission's stations with these codes (several per code when numbers repeat across constituencies). */
  stationsByCode(em: EntityManager, missionId: number, codes: string[]): Promise<StationRef[]> {
    return inBatches(codes, LOOKUP_BATCH, (batch) =>
      em.find(PollingStation, {
        select: { id: true, code: true, constituencyCode: true, registeredVoters: true },
        where: { missionId, code: In(batch) },
      }),
    );
  }

  /** The mission's observers with these accreditation numbers, by number. */
  async observersByAccreditation(
    em: EntityManager,
    missionId: number,
    numbers: string[],
  ): Promise<Map<string, number>> {
    const found = await inBatches(numbers, LOOKUP_BATCH, (batch) =>
      em.find(Observer, {
        select: { id: true, accreditationNumber: true },
        where: { missionId, accreditationNumber: In(batch) },
      }),
    );
    return new Map(found.map((o) => [o.accreditationNumber!, o.id]));
  }
}

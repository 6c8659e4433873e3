import { Injectable } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, InsertEvent } from 'typeorm';
import { Mission } from '../missions/entities/mission.entity';
import { ChecklistsStore } from './checklists.store';

/**
 * A new mission gets its default checklists in the transaction that creates it, whoever creates
 * it (the API, the seed, a CLI command running the application context): the mission never
 * exists without its templates, and the missions module need not know about checklists.
 * Missions inserted by other means (raw SQL, an older database) are covered by the service,
 * which fills in missing stages the first time they are read.
 */
@Injectable()
export class ChecklistDefaultsSubscriber implements EntitySubscriberInterface<Mission> {
  constructor(
    dataSource: DataSource,
    private readonly store: ChecklistsStore,
  ) {
    dataSource.subscribers.push(this);
  }

  listenTo(): typeof Mission {
    return Mission;
  }

  async afterInsert(event: InsertEvent<Mission>): Promise<void> {
    await this.store.insertDefaults(event.manager, event.entity.id);
  }
}

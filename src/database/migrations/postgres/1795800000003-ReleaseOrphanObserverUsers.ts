import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Until deleting an observer record released its observer user (UsersService.releaseObserver),
 * such a user kept its mission membership, and with it its access to the mission. Every observer
 * user left without a record loses that membership here. Nothing to restore on the way down.
 */
export class ReleaseOrphanObserverUsers1795800000003 implements MigrationInterface {
  name = 'ReleaseOrphanObserverUsers1795800000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "user_missions" WHERE "userId" IN (SELECT "id" FROM "users" WHERE "role" = 'observer' AND "observerId" IS NULL)`,
    );
  }

  public async down(): Promise<void> {}
}

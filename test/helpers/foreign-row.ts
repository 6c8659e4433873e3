import type { TestApp } from '../app';

/**
 * A row of another mission, addressed through this mission's route, is a 404 for GET, PATCH and
 * DELETE, and stays exactly as it was (read through its own mission before and after).
 */
export async function expectForeignRowUntouched(
  t: TestApp,
  throughOwnMission: string,
  throughItsMission: string,
  patch: object,
): Promise<void> {
  const before = (await t.http().get(throughItsMission).expect(200)).body;
  await t.http().get(throughOwnMission).expect(404);
  await t.http().patch(throughOwnMission).send(patch).expect(404);
  await t.http().delete(throughOwnMission).expect(404);
  expect((await t.http().get(throughItsMission).expect(200)).body).toEqual(before);
}

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project root, where package.json is: two levels above src/seed, three above dist/src/seed.
 * Everything the samples and the tests read lives under it, so a clone needs nothing beside it.
 */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The TURKPA sample mission (invented where it says so). */
export function defaultSamplePath(): string {
  return join(projectRoot(), 'data', 'sample-mission.json');
}

/** Real data of Albania's 2017 parliamentary elections (MIT; see the README beside the files). */
export const ALBANIA_2017_DIR = join(projectRoot(), 'data', 'samples', 'albania-2017');
/** The CEC's list of 5,362 polling stations. */
export const ALBANIA_2017_STATIONS = join(ALBANIA_2017_DIR, 'stations.csv');
/** The CDO observers' 524 opening checklists. */
export const ALBANIA_2017_OPENING = join(ALBANIA_2017_DIR, 'opening-checklists.csv');

export const STATION_TYPES = ['regular', 'special', 'abroad', 'military', 'hospital', 'penitentiary'] as const;
export type StationType = (typeof STATION_TYPES)[number];

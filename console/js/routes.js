import { dashboard, missionForm, missionsList } from './pages/missions.js';
import { observerForm, observersImport, observersList, teamForm, teamsList } from './pages/people.js';
import { stationsImport, stationsList } from './pages/stations.js';
import { deploymentsPage } from './pages/deployments.js';
import { eventForm, eventsPage } from './pages/events.js';
import { reviewPage } from './pages/review.js';
import { summaryPage } from './pages/summary.js';

/** Hash paths to pages; a page gets the path's :params and the hash's query string. */
export const routes = [
  ['/', missionsList],
  ['/missions', missionsList],
  ['/missions/new', missionForm],
  ['/missions/:id/edit', missionForm],
  ['/m/:id', dashboard],
  ['/m/:id/observers', observersList],
  ['/m/:id/observers/new', observerForm],
  ['/m/:id/observers/import', observersImport],
  ['/m/:id/observers/:oid', observerForm],
  ['/m/:id/teams', teamsList],
  ['/m/:id/teams/new', teamForm],
  ['/m/:id/teams/:tid', teamForm],
  ['/m/:id/stations', stationsList],
  ['/m/:id/stations/import', stationsImport],
  ['/m/:id/deployments', deploymentsPage],
  ['/m/:id/events', eventsPage],
  ['/m/:id/events/new/:type', eventForm],
  ['/m/:id/review', reviewPage],
  ['/m/:id/summary', summaryPage],
];

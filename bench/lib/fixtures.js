'use strict';
/**
 * What the ingest benchmark needs in the tracker before it starts: a mission, a polling station,
 * the stage's checklist and a coordinator's token; and the station-visit body with 12 answers.
 * Built through the public API, so the benchmark measures the routes clients use.
 *
 * Parts of the API that are not there yet (users, stations, events) are detected and the harness
 * falls back to what exists, saying so in `mode`.
 */
const { randomBytes } = require('node:crypto');

const API = '/api/v1';
const STAGE = 'voting';

async function call(url, token, method, path, body, contentType = 'application/json') {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': contentType } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // CSV / HTML answers
  }
  return { status: res.status, body: json, text };
}

function newAdminToken() {
  return `bench-admin-${randomBytes(16).toString('hex')}`;
}

function missionBody(name = 'Benchmark mission') {
  return {
    name,
    organization: 'OSCE/ODIHR',
    kind: 'eom',
    hostCountry: 'AZ',
    electionName: 'Benchmark election',
    electionType: 'presidential',
    electionDate: '2024-02-07',
    startDate: '2024-02-01',
    endDate: '2024-02-20',
    timezone: 'Asia/Baku',
    status: 'active',
  };
}

function answerFor(q) {
  switch (q.type) {
    case 'number':
      return 3;
    case 'choice':
      return (q.options ?? [])[0] ?? 'a';
    case 'text':
      return 'Nothing to add';
    default:
      return 'yes';
  }
}

async function createMission(url, adminToken, name) {
  const m = await call(url, adminToken, 'POST', `${API}/missions`, missionBody(name));
  if (m.status !== 201) throw new Error(`creating the mission failed: ${m.status} ${m.text}`);
  return m.body;
}

/**
 * Sets the tracker up for ingest; returns { mode, path, body, token, table, note }.
 * `missionId`: submit into that (existing) mission instead of a new one.
 */
async function prepareIngest(url, adminToken, { missionId } = {}) {
  const mission = missionId ? { id: missionId } : await createMission(url, adminToken);
  const station = await call(url, adminToken, 'POST', `${API}/missions/${mission.id}/polling-stations`, {
    constituencyCode: 'bench',
    code: '001',
    name: 'School No. 1',
    region: 'Baku',
    registeredVoters: 1500,
    type: 'regular',
  });
  const checklist = await call(url, adminToken, 'GET', `${API}/missions/${mission.id}/checklists/${STAGE}`);
  let token = adminToken;
  let who = 'admin';
  const user = await call(url, adminToken, 'POST', `${API}/users`, {
    name: 'Benchmark coordinator',
    role: 'coordinator',
    missionIds: [mission.id],
  });
  if (user.status === 201 && user.body?.token) {
    token = user.body.token;
    who = 'coordinator';
  }

  const questions = checklist.status === 200 ? (checklist.body.questions ?? []).slice(0, 12) : [];
  const visit = {
    type: 'station_visit',
    occurredAt: '2024-02-07T10:00:00+04:00',
    title: 'Visit to School No. 1',
    pollingStationId: station.body?.id,
    stage: STAGE,
    overallAssessment: 'good',
    votersVoted: 412,
    answers: Object.fromEntries(questions.map((q) => [q.code, answerFor(q)])),
  };
  const eventsPath = `${API}/missions/${mission.id}/events`;
  if (station.status === 201 && questions.length > 0) {
    const probe = await call(url, token, 'POST', eventsPath, visit);
    if (probe.status === 201) {
      return {
        mode: 'station_visit',
        path: eventsPath,
        body: JSON.stringify(visit),
        token,
        table: 'election_events',
        note: `POST station_visit with ${questions.length} answers as ${who}`,
        answers: questions.length,
      };
    }
  }
  // Not there yet: measure the write path that exists, a mission with its audit entry.
  return {
    mode: 'mission',
    path: `${API}/missions`,
    body: JSON.stringify(missionBody('Benchmark mission (ingest fallback)')),
    token: adminToken,
    table: 'missions',
    note: `FALLBACK: station visits not available yet (station ${station.status}, checklist ${checklist.status}); POST /missions as admin`,
    answers: 0,
  };
}

module.exports = { API, call, newAdminToken, prepareIngest, createMission, missionBody, answerFor, STAGE };

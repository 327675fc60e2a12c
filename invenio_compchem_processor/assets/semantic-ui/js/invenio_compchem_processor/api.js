// SPDX-License-Identifier: MIT
// The processing panel's only door to HTTP: the runs API of a draft, the
// draft's media files (where runs write their results) and a published
// record's campaign proposals. Components and the runs store call these
// functions and never build a request themselves.
import { http } from "react-invenio-forms";

// RDM's http client asks for RDM's UI serialization by default; these
// endpoints speak plain JSON.
const JSON_ONLY = { headers: { Accept: "application/json" } };

const draftUrl = (recordId) =>
  `/api/records/${encodeURIComponent(recordId)}/draft`;

export const runsUrl = (recordId) => `${draftUrl(recordId)}/compchem/runs`;

const PAGE_SIZE = 100;

/**
 * Every run of a draft, with the engine's availability and the publish mode.
 *
 * One request for up to PAGE_SIZE runs (the API's largest page); a draft with
 * more runs follows the ``next`` links.
 */
export async function listRuns(recordId) {
  let url = `${runsUrl(recordId)}?size=${PAGE_SIZE}`;
  const runs = [];
  let engine = { available: true, message: null };
  let publish = null;
  let total = 0;
  while (url) {
    const { data } = await http.get(url, JSON_ONLY);
    runs.push(...data.hits.hits);
    total = data.hits.total;
    if (data.engine) {
      engine = data.engine;
    }
    publish = data.publish || publish;
    url = data.links && data.links.next && runs.length < total ? data.links.next : null;
  }
  return { runs, total, engine, publish };
}

/** The workflows that can process the draft's files, with the files they match. */
export async function listWorkflows(recordId) {
  const { data } = await http.get(`${draftUrl(recordId)}/compchem/workflows`, JSON_ONLY);
  return data.hits.hits;
}

/** The keys of the draft's files. */
export async function listDraftFileKeys(recordId) {
  const { data } = await http.get(`${draftUrl(recordId)}/files`, JSON_ONLY);
  return (data.entries || []).map((entry) => entry.key);
}

/** One run of the draft, by name (what an event names). */
export async function readRunByName(recordId, name) {
  const { data } = await http.get(`${runsUrl(recordId)}/${encodeURIComponent(name)}`, JSON_ONLY);
  return data;
}

/**
 * The draft's run events (Server-Sent Events): ``url``, signed and
 * short-lived, as a path on this site (``after`` resumes after that event
 * id), and ``events``, the event types the stream sends.
 */
export async function eventStream(recordId, after = null) {
  const { data } = await http.get(`${draftUrl(recordId)}/compchem/events`, JSON_ONLY);
  const url = new URL(data.url, window.location.href);
  if (after) {
    url.searchParams.set("lastEventId", after);
  }
  return { url: `${url.pathname}${url.search}`, events: data.events };
}

/** A run with its steps. */
export async function readRun(run) {
  const { data } = await http.get(run.links.self, JSON_ONLY);
  return data;
}

/** The last lines of a run's log. */
export async function readLogs(run, tail = 50) {
  const { data } = await http.get(run.links.logs, { ...JSON_ONLY, params: { tail } });
  return data.lines || [];
}

/**
 * Take an action the links of a run (``stop``, ``retry``, ``resubmit``) or of
 * a proposal (``accept``, ``decline``) offer; the answer is the item as it now is.
 */
export async function linkAction(item, action) {
  const { data } = await http.post(item.links[action], {}, JSON_ONLY);
  return data;
}

/**
 * The reprocessing campaigns' proposals to a published record; only its
 * owner gets their ``accept`` and ``decline`` links.
 */
export async function listProposals(recordId) {
  const { data } = await http.get(
    `/api/records/${encodeURIComponent(recordId)}/compchem/proposals`,
    JSON_ONLY
  );
  return data.hits.hits;
}

/** Start a workflow on some of the draft's files: one run over all of them. */
export async function startRun(recordId, workflow, files) {
  return startRunAt(runsUrl(recordId), workflow, files);
}

/** The same, at a draft's run list URL (a run's ``draft_runs`` link). */
export async function startRunAt(url, workflow, files) {
  const { data } = await http.post(url, { workflow, files }, JSON_ONLY);
  return data;
}

/**
 * The results runs wrote into the draft: media files carrying a
 * ``compchem_run`` provenance. A draft without media files has none.
 */
export async function listResults(recordId) {
  try {
    const { data } = await http.get(`${draftUrl(recordId)}/media-files`, JSON_ONLY);
    return (data.entries || []).filter(
      (entry) => entry.metadata && entry.metadata.compchem_run
    );
  } catch (error) {
    if (error.response && [403, 404].includes(error.response.status)) {
      return [];
    }
    throw error;
  }
}

/** The JSON content of a result file (a run's summary). */
export async function readResultJson(entry) {
  const { data } = await http.get(entry.links.content, {
    headers: { Accept: "application/json, */*" },
    responseType: "json",
  });
  return typeof data === "string" ? JSON.parse(data) : data;
}

/**
 * The SCF energy (hartree) of each step of an optimisation whose summary is
 * the draft's result ``key``, read by the server from the summary's source
 * output (the record page's summary preview shows the same chart).
 */
export async function readOptimisationSteps(recordId, key) {
  const { data } = await http.get(
    `/records/${encodeURIComponent(recordId)}/compchem/steps/${encodeURIComponent(key)}`,
    { ...JSON_ONLY, params: { preview: 1 } }
  );
  return data.steps || [];
}

/**
 * What went wrong, in the words the API used: ``status``, ``message`` and,
 * for a 409 over held files, the names of the blocking runs.
 */
export function apiError(error) {
  const response = error && error.response;
  if (!response) {
    return { status: null, message: String((error && error.message) || error), blocking: [] };
  }
  const data = response.data || {};
  const held = (data.errors || []).find((e) => e.field === "files");
  return {
    status: response.status,
    message: data.message || response.statusText || `HTTP ${response.status}`,
    blocking: response.status === 409 && held ? held.messages || [] : [],
  };
}

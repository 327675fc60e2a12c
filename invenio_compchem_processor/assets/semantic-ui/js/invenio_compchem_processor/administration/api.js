// SPDX-License-Identifier: MIT
// The admin parts' only door to HTTP: the admin API under /api/compchem/admin.
import { http } from "react-invenio-forms";

export const ADMIN_API = "/api/compchem/admin";

/** How many runs match ``query`` and are Pending or Running. */
export async function countActive(query = {}) {
  const params = new URLSearchParams({ size: "1" });
  Object.entries(query).forEach(([key, values]) => {
    if (key !== "phase") [].concat(values).forEach((v) => params.append(key, v));
  });
  params.append("phase", "Pending");
  params.append("phase", "Running");
  const { data } = await http.get(`${ADMIN_API}/runs?${params}`);
  return data.hits.total;
}

/** Stop, retry or restart one run: ``url`` is one of its ``links.actions``. */
export async function runAction(url) {
  const { data } = await http.post(url, {});
  return data;
}

/** Preview (``dryRun``) or start a bulk retry or restart of the runs ``query`` matches. */
export async function bulkAction({ action, query, concurrency, dryRun }) {
  const { data } = await http.post(`${ADMIN_API}/bulk`, {
    action,
    query,
    concurrency,
    dry_run: dryRun,
  });
  return data;
}

/** A bulk action's progress. */
export async function readBulk(id) {
  const { data } = await http.get(`${ADMIN_API}/bulk/${id}`);
  return data;
}

/** Stop a bulk action's roll-out. */
export async function stopBulk(id) {
  const { data } = await http.post(`${ADMIN_API}/bulk/${id}/stop`, {});
  return data;
}

/** Every workflow with its counts and switch. */
export async function listWorkflows() {
  const { data } = await http.get(`${ADMIN_API}/workflows`);
  return data.hits.hits;
}

/** Pause or resume (``switch``) a workflow, with why. */
export async function switchWorkflow(name, which, body) {
  const { data } = await http.post(
    `${ADMIN_API}/workflows/${encodeURIComponent(name)}/${which}`,
    body
  );
  return data;
}

/** The API's own message of a failed request. */
export const errorMessage = (error) =>
  error?.response?.data?.message || error.message || String(error);

/** Preview (``dry_run``) or start a reprocessing campaign (see the admin docs). */
export async function startCampaign(body) {
  const { data } = await http.post(`${ADMIN_API}/campaigns`, body);
  return data;
}

/** A campaign's progress, or its pause, resume or stop (``which``). */
export async function campaign(id, which = null) {
  const url = `${ADMIN_API}/campaigns/${id}`;
  const { data } = which ? await http.post(`${url}/${which}`, {}) : await http.get(url);
  return data;
}

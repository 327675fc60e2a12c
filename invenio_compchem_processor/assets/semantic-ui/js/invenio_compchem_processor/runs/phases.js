// SPDX-License-Identifier: MIT
// How a run's phase is shown: a word, a colour and an icon (never colour alone).
import { i18next } from "@translations/invenio_compchem_processor/i18next";

const ACTIVE_PHASES = ["Pending", "Running"];
const FINAL_PHASES = ["Succeeded", "Failed", "Error"];

/**
 * The phase a person sees. The API gives the engine's phase; a run whose
 * context ended by a stop (and was not started again since: it is not
 * ``active``), or by the record's publish, shows "Stopping" until the engine has stopped it and "Stopped"
 * after.
 */
export function displayPhase(run) {
  const phase = run.status.phase;
  const stopped =
    !run.active && run.ended && ["stopped", "published"].includes(run.ended.reason);
  if (stopped && ACTIVE_PHASES.includes(phase)) {
    return "Stopping";
  }
  if (stopped && ["Failed", "Error"].includes(phase)) {
    return "Stopped";
  }
  return phase;
}

export const PHASE_STYLES = {
  Pending: { color: "grey", icon: "hourglass start" },
  Running: { color: "blue", icon: "sync" },
  Stopping: { color: "orange", icon: "hand paper outline" },
  Stopped: { color: "orange", icon: "stop circle outline" },
  Succeeded: { color: "green", icon: "check circle" },
  Failed: { color: "red", icon: "times circle" },
  Error: { color: "red", icon: "exclamation triangle" },
  NotStarted: { color: "brown", icon: "ban" },
  Unknown: { color: "grey", icon: "question circle outline" },
};

export function phaseLabel(phase) {
  const labels = {
    Pending: i18next.t("Pending"),
    Running: i18next.t("Running"),
    Stopping: i18next.t("Stopping"),
    Stopped: i18next.t("Stopped"),
    Succeeded: i18next.t("Succeeded"),
    Failed: i18next.t("Failed"),
    Error: i18next.t("Error"),
    NotStarted: i18next.t("Could not start"),
    Unknown: i18next.t("Status unknown"),
  };
  return labels[phase] || phase;
}

/** Whether the run may still change by itself (worth refreshing for). */
export function isLive(run) {
  return Boolean(run.active) || ACTIVE_PHASES.includes(run.status.phase);
}

/** Whether an engine phase is one a run ends in. */
export function isFinal(phase) {
  return FINAL_PHASES.includes(phase);
}

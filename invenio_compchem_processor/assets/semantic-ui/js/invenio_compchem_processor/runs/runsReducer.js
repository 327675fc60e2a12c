// SPDX-License-Identifier: MIT
// The runs state of one draft. Every source of news (a refresh of the runs
// list, the answer to an action, and later live events) goes through these
// actions, so that components only read the state.
import { isLive } from "./phases";

export const RUNS_RECEIVED = "RUNS_RECEIVED";
export const RUN_RECEIVED = "RUN_RECEIVED";
export const RUN_EVENT = "RUN_EVENT";
export const WORKFLOWS_RECEIVED = "WORKFLOWS_RECEIVED";
export const RESULTS_RECEIVED = "RESULTS_RECEIVED";
export const LOAD_FAILED = "LOAD_FAILED";

export const initialState = {
  loaded: false,
  runs: [],
  asOf: {},
  engine: { available: true, message: null },
  workflows: [],
  results: [],
  error: null,
  forbidden: false,
};

let lastTick = 0;

/**
 * A moment on this page's own clock, strictly after every earlier one. A
 * read is stamped when it is asked for, an event when it arrives: a read
 * asked for before the newest news of a run arrived may answer with an older
 * state (its answer can come after the event did), so it does not replace
 * that run.
 */
export function tick() {
  lastTick += 1;
  return lastTick;
}

const newerThan = (state, name, asked) => (state.asOf[name] || 0) > asked;

const newestFirst = (a, b) =>
  (b.created || "").localeCompare(a.created || "") || b.sequence - a.sequence;

/** What of a run can change on screen; two equal fingerprints look the same. */
export function fingerprint(runs) {
  return runs
    .map((run) =>
      [
        run.name,
        run.status.phase,
        run.status.message,
        JSON.stringify(run.status.progress),
        run.status.finished,
        run.active,
        run.ended && run.ended.reason,
        Object.keys(run.links || {}).sort().join(","),
      ].join("|")
    )
    .join("\n");
}

/**
 * A run as a phase or progress event says it is now. Other events (a run
 * created, ended, stopped or superseded) bring the whole run instead.
 */
export function withEvent(run, event) {
  const status = { ...run.status };
  if (event.type === "run.phase" && event.phase) {
    status.phase = event.phase;
  }
  if (["run.phase", "run.progress"].includes(event.type)) {
    if ("message" in event) {
      status.message = event.message;
    }
    if (event.progress) {
      status.progress = event.progress;
    }
  }
  return { ...run, status };
}

export function runsReducer(state, action) {
  switch (action.type) {
    case RUNS_RECEIVED: {
      // Runs with news since the list was asked for stay as they are.
      const { asked } = action;
      const kept = state.runs.filter((run) => newerThan(state, run.name, asked));
      const keptNames = new Set(kept.map((run) => run.name));
      const listed = action.runs.filter((run) => !keptNames.has(run.name));
      const asOf = { ...state.asOf };
      listed.forEach((run) => {
        asOf[run.name] = Math.max(asOf[run.name] || 0, asked);
      });
      return {
        ...state,
        loaded: true,
        error: null,
        forbidden: false,
        runs: [...listed, ...kept].sort(newestFirst),
        asOf,
        engine: action.engine || initialState.engine,
      };
    }
    case RUN_RECEIVED: {
      const { name } = action.run;
      const { asked } = action;
      if (newerThan(state, name, asked)) {
        return state;
      }
      const others = state.runs.filter((run) => run.name !== name);
      return {
        ...state,
        runs: [action.run, ...others].sort(newestFirst),
        asOf: { ...state.asOf, [name]: asked },
      };
    }
    case RUN_EVENT:
      return {
        ...state,
        runs: state.runs.map((run) =>
          run.name === action.event.run ? withEvent(run, action.event) : run
        ),
        asOf: { ...state.asOf, [action.event.run]: action.at },
      };
    case WORKFLOWS_RECEIVED:
      return { ...state, workflows: action.workflows };
    case RESULTS_RECEIVED:
      return { ...state, results: action.results };
    case LOAD_FAILED:
      return {
        ...state,
        loaded: true,
        error: action.error,
        forbidden: [403, 404].includes(action.error.status),
      };
    default:
      return state;
  }
}

/**
 * The run that holds each file now: the newest run over it. Older runs of a
 * file are its history.
 */
export function currentRuns(runs) {
  const seen = new Set();
  const current = [];
  for (const run of runs) {
    const keys = run.files.map((file) => file.key);
    if (keys.some((key) => !seen.has(key))) {
      current.push(run);
    }
    keys.forEach((key) => seen.add(key));
  }
  return current;
}

/** Files an automatic workflow matches that have no run yet: a run is coming. */
export function awaitedFiles(fileKeys, workflows, runs) {
  const withRun = new Set(runs.flatMap((run) => run.files.map((file) => file.key)));
  const automatic = new Set(
    workflows.filter((workflow) => workflow.auto).flatMap((workflow) => workflow.files)
  );
  return fileKeys.filter((key) => automatic.has(key) && !withRun.has(key));
}

/** Whether the panel should keep asking: a run may change or a run is coming. */
export function needsRefresh(state, fileKeys) {
  if (!state.loaded || state.forbidden) {
    return false;
  }
  return (
    !state.engine.available ||
    state.runs.some(isLive) ||
    awaitedFiles(fileKeys, state.workflows, state.runs).length > 0
  );
}

// SPDX-License-Identifier: MIT
// The runs state of a draft and when to refresh it.
//
// One request for the whole record per refresh (the runs list), repeated
// while a run may change or a run is coming, sooner after a change and less
// often while nothing changes, never while every run has ended. Live events
// will feed the same reducer through ``receiveRun``/``receiveRuns``.
import { useCallback, useEffect, useReducer, useRef } from "react";
import * as api from "../api";
import { RefreshSchedule } from "./refreshSchedule";
import {
  LOAD_FAILED,
  RESULTS_RECEIVED,
  RUN_RECEIVED,
  RUNS_RECEIVED,
  WORKFLOWS_RECEIVED,
  fingerprint,
  initialState,
  needsRefresh,
  runsReducer,
} from "./runsReducer";

const succeededNames = (runs) =>
  runs
    .filter((run) => run.status.phase === "Succeeded")
    .map((run) => run.name)
    .sort()
    .join(",");

export function useRuns(recordId, fileKeys) {
  const [state, dispatch] = useReducer(runsReducer, initialState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const keysRef = useRef(fileKeys);
  keysRef.current = fileKeys;
  const timer = useRef(null);
  const schedule = useRef(new RefreshSchedule());
  const inFlight = useRef(false);
  const askedAgain = useRef(false);
  const resultsFor = useRef(null);

  const loadResults = useCallback(
    async (runs) => {
      const names = succeededNames(runs);
      if (!names || names === resultsFor.current) {
        return;
      }
      resultsFor.current = names;
      try {
        dispatch({ type: RESULTS_RECEIVED, results: await api.listResults(recordId) });
      } catch (error) {
        resultsFor.current = null;
      }
    },
    [recordId]
  );

  const refresh = useCallback(async () => {
    if (!recordId) {
      return;
    }
    if (inFlight.current) {
      askedAgain.current = true; // news arrived while asking: ask once more after
      return;
    }
    inFlight.current = true;
    clearTimeout(timer.current);
    const before = fingerprint(stateRef.current.runs);
    let changed = false;
    try {
      const { runs, engine } = await api.listRuns(recordId);
      changed = fingerprint(runs) !== before;
      dispatch({ type: RUNS_RECEIVED, runs, engine });
      loadResults(runs);
    } catch (error) {
      dispatch({ type: LOAD_FAILED, error: api.apiError(error) });
    } finally {
      inFlight.current = false;
    }
    if (askedAgain.current) {
      askedAgain.current = false;
      schedule.current.reset();
      refresh();
      return;
    }
    const delay = schedule.current.next(changed);
    // Decide on the state the refresh produced, after React applied it.
    setTimeout(() => {
      if (needsRefresh(stateRef.current, keysRef.current)) {
        timer.current = setTimeout(refresh, delay);
      }
    }, 0);
  }, [recordId, loadResults]);

  /** Ask now and soon again: something was done or uploaded. */
  const refreshSoon = useCallback(() => {
    schedule.current.reset();
    refresh();
  }, [refresh]);

  const keysSignature = [...fileKeys].sort().join("\n");
  useEffect(() => {
    if (!recordId) {
      return undefined;
    }
    let cancelled = false;
    api
      .listWorkflows(recordId)
      .then((workflows) => {
        if (!cancelled) {
          dispatch({ type: WORKFLOWS_RECEIVED, workflows });
        }
      })
      .catch(() => {}) // without workflows the runs still show
      .then(() => {
        if (!cancelled) {
          refreshSoon();
        }
      });
    return () => {
      cancelled = true;
    };
  }, [recordId, keysSignature, refreshSoon]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const receiveRun = useCallback((run) => {
    dispatch({ type: RUN_RECEIVED, run });
  }, []);

  const receiveRuns = useCallback((runs, engine) => {
    dispatch({ type: RUNS_RECEIVED, runs, engine });
  }, []);

  return { state, refreshSoon, receiveRun, receiveRuns };
}

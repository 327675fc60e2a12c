// SPDX-License-Identifier: MIT
// The runs state of a draft and how it stays current.
//
// While a run may change or a run is coming, the panel follows the draft's
// live events: a phase or progress event changes its run in place, and a run
// created, ended, stopped or superseded is read alone. When the event stream
// is not open (not served, or down), it polls the runs list instead: one
// request for the whole record, sooner after a change and less often while
// nothing changes. Nothing is asked while every run has ended.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import * as api from "../api";
import { isFinal } from "./phases";
import { RefreshSchedule } from "./refreshSchedule";
import {
  LOAD_FAILED,
  RESULTS_RECEIVED,
  RUN_EVENT,
  RUN_RECEIVED,
  RUNS_RECEIVED,
  WORKFLOWS_RECEIVED,
  fingerprint,
  initialState,
  needsRefresh,
  runsReducer,
  tick,
} from "./runsReducer";
import { useRunEvents } from "./useRunEvents";

/** Events that bring a run the panel reads whole. */
const READ_WHOLE = [
  "run.created",
  "run.ended",
  "run.stopped",
  "run.superseded",
  "run.unchanged",
];

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
  const streaming = useRef(false);
  const reading = useRef(new Map());
  const [synced, setSynced] = useState(false);

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
      const asked = tick();
      const { runs, engine } = await api.listRuns(recordId);
      changed = fingerprint(runs) !== before;
      dispatch({ type: RUNS_RECEIVED, runs, engine, asked });
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
      // Events carry runs, not the engine's health: while the engine is
      // down the list is still asked for, to see it come back.
      const polling = !streaming.current || !stateRef.current.engine.available;
      if (polling && needsRefresh(stateRef.current, keysRef.current)) {
        timer.current = setTimeout(refresh, delay);
      }
    }, 0);
  }, [recordId]);

  /** Ask now and soon again: something was done or uploaded. */
  const refreshSoon = useCallback(() => {
    schedule.current.reset();
    refresh();
  }, [refresh]);

  /** Read one run the events named (once at a time per run). */
  const readRun = useCallback(
    async (name) => {
      if (reading.current.has(name)) {
        reading.current.set(name, true); // read it again once this read ends
        return;
      }
      reading.current.set(name, false);
      try {
        const asked = tick();
        const run = await api.readRunByName(recordId, name);
        dispatch({ type: RUN_RECEIVED, run, asked });
      } catch (error) {
        // gone (a deleted file's run) or unreadable: the next event or refresh tells
      }
      const again = reading.current.get(name);
      reading.current.delete(name);
      if (again) {
        readRun(name);
      }
    },
    [recordId]
  );

  const onEvent = useCallback(
    (event) => {
      if (!event.run) {
        return;
      }
      const known = stateRef.current.runs.some((run) => run.name === event.run);
      if (!known || READ_WHOLE.includes(event.type)) {
        readRun(event.run);
        return;
      }
      dispatch({ type: RUN_EVENT, event, at: tick() });
      if (event.type === "run.phase" && isFinal(event.phase)) {
        readRun(event.run); // its end time, reason and actions
      }
    },
    [readRun]
  );

  const wanted = state.loaded && needsRefresh(state, fileKeys);
  const wantedRef = useRef(wanted);
  wantedRef.current = wanted;
  const connected = useRunEvents(recordId, wanted, onEvent);
  useEffect(() => {
    streaming.current = connected;
    setSynced(false);
    if (connected) {
      // What changed before the stream opened: one read, then events only.
      clearTimeout(timer.current);
      refresh().then(() => setSynced(true));
    } else if (wantedRef.current) {
      refreshSoon(); // the stream is down: back to polling
    }
  }, [connected, refresh, refreshSoon]);

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
        if (!cancelled && !streaming.current) {
          refreshSoon(); // while events flow, new runs come as events
        }
      });
    return () => {
      cancelled = true;
    };
  }, [recordId, keysSignature, refreshSoon]);

  useEffect(() => {
    loadResults(state.runs);
  }, [loadResults, state.runs]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const receiveRun = useCallback((run) => {
    dispatch({ type: RUN_RECEIVED, run, asked: tick() }); // an action's answer: news now
  }, []);

  /** After an action: its answer is the run; events bring what follows. */
  const changed = useCallback(
    (run) => {
      if (run) {
        receiveRun(run);
      }
      if (!streaming.current) {
        refreshSoon();
      }
    },
    [receiveRun, refreshSoon]
  );

  let updates = "idle";
  if (connected && synced) {
    updates = "events";
  } else if (wanted) {
    updates = "polling";
  }
  return { state, refreshSoon, changed, updates };
}

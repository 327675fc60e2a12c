// SPDX-License-Identifier: MIT
// An open run's steps and log tail. Asked when the run is opened and again
// whenever the runs list shows it changed; the log is followed every few
// seconds while the run is active and left alone once it has ended.
import { useEffect, useState } from "react";
import { apiError, readLogs, readRun } from "../api";

export const LOG_FOLLOW_INTERVAL = 2000;
export const LOG_TAIL = 50;

export function useRunDetail(run) {
  const [detail, setDetail] = useState(null);
  const [lines, setLines] = useState(null);
  const [error, setError] = useState(null);
  const changeKey = [run.name, run.status.phase, JSON.stringify(run.status.progress)].join("|");

  useEffect(() => {
    let cancelled = false;
    readRun(run)
      .then((data) => !cancelled && setDetail(data))
      .catch((e) => !cancelled && setError(apiError(e).message));
    return () => {
      cancelled = true;
    };
  }, [changeKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    let cancelled = false;
    let timer = null;
    const follow = async () => {
      try {
        const fetched = await readLogs(run, LOG_TAIL);
        if (!cancelled) {
          setLines(fetched);
        }
      } catch (e) {
        if (!cancelled) {
          setError(apiError(e).message);
        }
      }
      if (!cancelled && run.active) {
        timer = setTimeout(follow, LOG_FOLLOW_INTERVAL);
      }
    };
    follow();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [run.name, run.active, run.status.phase]); // eslint-disable-line react-hooks/exhaustive-deps

  return { detail, lines, error };
}

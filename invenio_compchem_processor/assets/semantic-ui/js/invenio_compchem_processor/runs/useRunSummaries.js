// SPDX-License-Identifier: MIT
// The summary files a finished run wrote, read from the draft's media files
// once the run has ended.
import { useEffect, useState } from "react";
import { listResults } from "../api";

const SUMMARY_SUFFIX = ".summary.json";

export function useRunSummaries(run) {
  const [entries, setEntries] = useState([]);
  const ended = !run.active;
  useEffect(() => {
    if (!ended || !run.record_id) {
      return undefined;
    }
    let cancelled = false;
    listResults(run.record_id)
      .then((results) => {
        if (!cancelled) {
          setEntries(
            results.filter(
              (entry) => entry.metadata.compchem_run.run === run.name && entry.key.endsWith(SUMMARY_SUFFIX)
            )
          );
        }
      })
      .catch(() => !cancelled && setEntries([]));
    return () => {
      cancelled = true;
    };
  }, [run.name, run.record_id, ended]);
  return entries;
}

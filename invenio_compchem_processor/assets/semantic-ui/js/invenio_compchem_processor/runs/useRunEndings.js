// SPDX-License-Identifier: MIT
// The runs that ended while the panel watched them, to tell the owner.
import { useCallback, useEffect, useRef, useState } from "react";
import { isLive } from "./phases";

/**
 * Runs seen live and then ended, one entry per ending, until dismissed.
 * Runs that had already ended when the panel first loaded are not news.
 */
export function useRunEndings(runs, loaded) {
  const wasLive = useRef(null);
  const [endings, setEndings] = useState([]);

  useEffect(() => {
    if (!loaded) {
      return;
    }
    const liveNow = new Map(runs.map((run) => [run.name, isLive(run)]));
    if (wasLive.current) {
      const ended = runs.filter(
        (run) => wasLive.current.get(run.name) === true && !liveNow.get(run.name)
      );
      if (ended.length > 0) {
        setEndings((shown) => [
          ...shown.filter((entry) => !ended.some((run) => run.name === entry.run.name)),
          ...ended.map((run) => ({ id: `${run.name}@${run.status.finished || ""}`, run })),
        ]);
      }
    }
    wasLive.current = liveNow;
  }, [runs, loaded]);

  const dismiss = useCallback(
    (id) => setEndings((shown) => shown.filter((entry) => entry.id !== id)),
    []
  );
  return { endings, dismiss };
}

// SPDX-License-Identifier: MIT
// The step energies of an optimisation summary, fetched once per file version.
import { useEffect, useState } from "react";
import { readOptimisationSteps } from "../api";

const cache = new Map();

/** Whether a summary is of a geometry optimisation (it carries that verdict). */
export const isOptimisation = (summary) =>
  Boolean(summary && summary.verdicts && "optimisation" in summary.verdicts);

/** Energies per step of the result ``entry`` of ``recordId``; [] until known or when none. */
export function useOptimisationSteps(recordId, entry, summary) {
  const wanted = isOptimisation(summary) && entry;
  const cacheKey = wanted ? `${recordId}|${entry.key}|${entry.checksum}` : null;
  const [steps, setSteps] = useState(() => (cacheKey && cache.get(cacheKey)) || []);
  useEffect(() => {
    if (!cacheKey) {
      setSteps([]);
      return undefined;
    }
    if (cache.has(cacheKey)) {
      setSteps(cache.get(cacheKey));
      return undefined;
    }
    let cancelled = false;
    readOptimisationSteps(recordId, entry.key)
      .then((energies) => {
        cache.set(cacheKey, energies);
        if (!cancelled) {
          setSteps(energies);
        }
      })
      .catch(() => {
        if (!cancelled) {
          setSteps([]);
        }
      });
    return () => {
      cancelled = true;
    };
  }, [cacheKey]); // eslint-disable-line react-hooks/exhaustive-deps
  return steps;
}

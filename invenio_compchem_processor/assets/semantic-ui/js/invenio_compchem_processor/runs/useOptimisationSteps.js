// SPDX-License-Identifier: MIT
// The step energies of an optimisation summary, fetched once per file version.
import { readOptimisationSteps } from "../api";
import { useCachedFetch } from "./useCachedFetch";

const cache = new Map();
const NONE = [];

/** Whether a summary is of a geometry optimisation (it carries that verdict). */
export const isOptimisation = (summary) =>
  Boolean(summary && summary.verdicts && "optimisation" in summary.verdicts);

/** Energies per step of the result ``entry`` of ``recordId``; [] until known or when none. */
export function useOptimisationSteps(recordId, entry, summary) {
  const key =
    isOptimisation(summary) && entry ? `${recordId}|${entry.key}|${entry.checksum}` : null;
  return useCachedFetch(cache, key, () => readOptimisationSteps(recordId, entry.key), {
    pending: NONE,
    failed: NONE,
  });
}

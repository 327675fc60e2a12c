// SPDX-License-Identifier: MIT
// A result summary's content, fetched once per file version and kept.
import { readResultJson } from "../api";
import { useCachedFetch } from "./useCachedFetch";

const cache = new Map();

/** The summary of the result ``entry``: undefined until read, null when unreadable. */
export function useSummary(entry) {
  const key = entry ? `${entry.key}|${entry.checksum}` : null;
  return useCachedFetch(cache, key, () => readResultJson(entry), {
    pending: undefined,
    failed: null,
  });
}

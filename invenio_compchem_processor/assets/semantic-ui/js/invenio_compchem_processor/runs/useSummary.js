// SPDX-License-Identifier: MIT
// A result summary's content, fetched once per file version and kept.
import { useEffect, useState } from "react";
import { readResultJson } from "../api";

const cache = new Map();

export function useSummary(entry) {
  const cacheKey = entry ? `${entry.key}|${entry.checksum}` : null;
  const [summary, setSummary] = useState(cacheKey ? cache.get(cacheKey) : undefined);
  useEffect(() => {
    if (!entry || cache.has(cacheKey)) {
      setSummary(cacheKey ? cache.get(cacheKey) : undefined);
      return undefined;
    }
    let cancelled = false;
    readResultJson(entry)
      .then((data) => {
        cache.set(cacheKey, data);
        if (!cancelled) {
          setSummary(data);
        }
      })
      .catch(() => {
        if (!cancelled) {
          setSummary(null);
        }
      });
    return () => {
      cancelled = true;
    };
  }, [cacheKey]); // eslint-disable-line react-hooks/exhaustive-deps
  return summary;
}

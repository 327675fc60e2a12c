// SPDX-License-Identifier: MIT
// A value fetched once per key and kept for the page's life.
import { useEffect, useState } from "react";

/**
 * What ``load()`` resolves to for ``key``, read from ``cache`` once known:
 * ``pending`` until then (and while ``key`` is null), ``failed`` when the
 * request fails. A component that unmounts before the answer is not updated.
 */
export function useCachedFetch(cache, key, load, { pending, failed }) {
  const known = () => (key !== null && cache.has(key) ? cache.get(key) : pending);
  const [value, setValue] = useState(known);
  useEffect(() => {
    if (key === null || cache.has(key)) {
      setValue(known());
      return undefined;
    }
    let cancelled = false;
    load().then(
      (data) => {
        cache.set(key, data);
        if (!cancelled) {
          setValue(data);
        }
      },
      () => {
        if (!cancelled) {
          setValue(failed);
        }
      }
    );
    return () => {
      cancelled = true;
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  return value;
}

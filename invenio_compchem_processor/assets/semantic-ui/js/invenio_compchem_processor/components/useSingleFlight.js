// SPDX-License-Identifier: MIT
import { useCallback, useRef, useState } from "react";

/**
 * Run an async action at most once at a time: a double click sends one
 * request. ``busy`` disables the button; the ref guards the clicks that
 * arrive before React has re-rendered it disabled.
 */
export function useSingleFlight(action) {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (...args) => {
      if (running.current) {
        return undefined;
      }
      running.current = true;
      setBusy(true);
      try {
        return await action(...args);
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [action]
  );
  return [run, busy];
}

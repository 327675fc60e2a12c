// SPDX-License-Identifier: MIT
// The draft's processing activity as the panel knows it, for the parts of the
// deposit form outside the panel (the note by the publish button).
import { useEffect, useState } from "react";

let current = { recordId: null, active: [] };
const listeners = new Set();

/** The panel says what is active now. */
export function announceActivity(recordId, active) {
  current = { recordId, active };
  listeners.forEach((listener) => listener(current));
}

/** What the panel last said: ``{recordId, active}`` (active runs). */
export function useActivity() {
  const [activity, setActivity] = useState(current);
  useEffect(() => {
    listeners.add(setActivity);
    setActivity(current);
    return () => listeners.delete(setActivity);
  }, []);
  return activity;
}

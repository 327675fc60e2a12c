// SPDX-License-Identifier: MIT
import { useEffect } from "react";
import { errorMessage } from "./api";

const POLL_SECONDS = 3;

/** Read a roll-out's ``state`` again every few seconds until it is finished. */
export const usePoll = (state, setState, read, setError) =>
  useEffect(() => {
    if (!state || state.finished) return undefined;
    const timer = setTimeout(async () => {
      try {
        setState(await read(state.id));
      } catch (failure) {
        setError(errorMessage(failure));
      }
    }, POLL_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [state]);

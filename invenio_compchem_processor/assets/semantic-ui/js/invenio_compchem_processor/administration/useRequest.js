// SPDX-License-Identifier: MIT
import { useState } from "react";
import { errorMessage } from "./api";

/**
 * One request of an admin view at a time: ``call(request, then, what)`` sets
 * ``busy`` to ``what`` (true by default; a button's key tells which one
 * spins) while ``request()`` runs, hands its answer to ``then``, and keeps
 * the API's message of a failure as ``error``.
 */
export function useRequest() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const call = async (request, then, what = true) => {
    setBusy(what);
    setError(null);
    try {
      then(await request());
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, call };
}

// SPDX-License-Identifier: MIT
import { useState } from "react";
import { usePoll } from "./usePoll";
import { useRequest } from "./useRequest";

/**
 * A dry run, then a throttled roll-out (bulk actions and campaigns alike).
 * ``send(request, dryRun)`` keeps a dry run's answer as ``preview`` and a
 * started roll-out's as ``state``, read again by ``read(id)`` until it is
 * finished; ``call(request, then)`` takes the roll-out's other actions;
 * ``choose(set)`` is the change handler of a setting, which drops the dry run
 * made with the former value. A failure becomes ``error``, the API's message.
 */
export function useRollout(read) {
  const [preview, setPreview] = useState(null);
  const [state, setState] = useState(null);
  const { busy, error, setError, call } = useRequest();

  usePoll(state, setState, read, setError);

  const send = (request, dryRun) =>
    call(request, (answer) => {
      setPreview(dryRun ? answer : null);
      if (!dryRun) {
        setState(answer);
      }
    });
  const choose = (set) => (e, { value }) => {
    set(value);
    setPreview(null);
  };
  return { preview, state, busy, error, call, send, choose, setState };
}

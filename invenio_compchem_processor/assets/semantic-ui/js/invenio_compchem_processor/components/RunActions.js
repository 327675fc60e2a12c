// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useCallback, useState } from "react";
import { Message } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { apiError, linkAction } from "../api";
import { ActionButton } from "./ActionButton";
import { StopRunButton } from "./StopRunButton";
import { useSingleFlight } from "./useSingleFlight";

/**
 * The actions the API's links offer for this run (none for someone who may
 * only look). A refused action (409) says why next to the buttons.
 */
export const RunActions = ({ run, onDone }) => {
  const [problem, setProblem] = useState(null);
  const act = useCallback(
    async (action) => {
      setProblem(null);
      try {
        const updated = await linkAction(run, action);
        onDone(updated);
      } catch (error) {
        setProblem(apiError(error).message);
        onDone(null);
      }
    },
    [run, onDone]
  );
  const [perform, busy] = useSingleFlight(act);
  const links = run.links || {};
  if (!links.stop && !links.retry && !links.resubmit) {
    return null;
  }
  return (
    <div className="compchem-actions">
      {links.stop && (
        <StopRunButton run={run} busy={busy} onStop={() => perform("stop")} />
      )}
      {[
        ["retry", "redo", i18next.t("Retry"), i18next.t("Retry run {{name}}", { name: run.name })],
        [
          "resubmit",
          "play",
          i18next.t("Restart"),
          i18next.t("Restart run {{name}} as a new run", { name: run.name }),
        ],
      ]
        .filter(([action]) => links[action])
        .map(([action, icon, label, ariaLabel]) => (
          <ActionButton
            key={action}
            icon={icon}
            label={label}
            ariaLabel={ariaLabel}
            busy={busy}
            onClick={() => perform(action)}
          />
        ))}
      {problem && (
        <Message warning visible size="tiny" role="alert" className="compchem-action-problem">
          {problem}
        </Message>
      )}
    </div>
  );
};

RunActions.propTypes = {
  run: PropTypes.object.isRequired,
  onDone: PropTypes.func.isRequired,
};

// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Button, Progress } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";

/** A bulk action's roll-out: submitted, in flight, queued; stoppable until done. */
export const BulkProgress = ({ state, onStop }) => (
  <div className="compchem-admin-bulk-progress">
    <Progress
      value={state.submitted + state.failed}
      total={state.total || 1}
      progress="ratio"
      success={state.finished && !state.stopped}
      warning={state.stopped}
      size="small"
    />
    <p className="compchem-admin-bulk-state">
      {i18next.t(
        "{{submitted}} submitted, {{failed}} failed, {{inFlight}} in flight, {{queued}} queued",
        {
          submitted: state.submitted,
          failed: state.failed,
          inFlight: state.in_flight,
          queued: state.queued,
        }
      )}
      {state.stopped && ` · ${i18next.t("stopped")}`}
      {state.finished && !state.stopped && ` · ${i18next.t("done")}`}
    </p>
    {!state.finished && (
      <Button size="small" negative className="compchem-admin-bulk-stop" onClick={onStop}>
        {i18next.t("Stop roll-out")}
      </Button>
    )}
  </div>
);

BulkProgress.propTypes = {
  state: PropTypes.object.isRequired,
  onStop: PropTypes.func.isRequired,
};

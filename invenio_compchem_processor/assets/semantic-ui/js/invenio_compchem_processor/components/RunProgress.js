// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Progress } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { isLive } from "../runs/phases";

/** Progress bar and message of a run that is still going. */
export const RunProgress = ({ run }) => {
  const { progress, message } = run.status;
  if (!isLive(run) || !progress || !progress.total) {
    return null;
  }
  const percent = Math.round((100 * progress.done) / progress.total);
  const text = i18next.t("{{done}} of {{total}} done", {
    done: progress.done,
    total: progress.total,
  });
  const full = message ? `${text} · ${message}` : text;
  return (
    <div className="compchem-progress">
      <Progress
        percent={percent}
        size="tiny"
        color="blue"
        className="mb-0 mt-5"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.done}
        aria-valuetext={full}
      />
      <div className="text-muted" style={{ fontSize: "0.9em" }}>
        {full}
      </div>
    </div>
  );
};

RunProgress.propTypes = { run: PropTypes.object.isRequired };

// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Progress } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";

/** Progress bar and message of a run that reports them. */
export const RunProgress = ({ run }) => {
  const { progress, message } = run.status;
  if (!progress || !progress.total) {
    return null;
  }
  const percent = Math.round((100 * progress.done) / progress.total);
  const text = i18next.t("{{done}} of {{total}} done", {
    done: progress.done,
    total: progress.total,
  });
  return (
    <Progress
      percent={percent}
      size="tiny"
      color={run.active ? "blue" : "grey"}
      className="compchem-progress mb-0 mt-5"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={progress.total}
      aria-valuenow={progress.done}
      aria-valuetext={message ? `${text}: ${message}` : text}
    >
      {message ? `${text} · ${message}` : text}
    </Progress>
  );
};

RunProgress.propTypes = { run: PropTypes.object.isRequired };

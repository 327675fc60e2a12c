// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Header } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";

/** The tail of a run's log, in a scrollable, labelled region. */
export const RunLog = ({ run, lines, following }) => {
  const headingId = `compchem-log-${run.name}`;
  return (
    <div className="compchem-log">
      <Header as="h4" id={headingId} className="mb-5">
        {following ? i18next.t("Log (following)") : i18next.t("Log")}
      </Header>
      {lines === null ? (
        <p className="text-muted">{i18next.t("Loading…")}</p>
      ) : lines.length === 0 ? (
        <p className="text-muted">{i18next.t("The log is empty.")}</p>
      ) : (
        <pre
          // A scrollable region must be reachable by keyboard to be scrolled.
          // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
          tabIndex={0}
          role="log"
          aria-labelledby={headingId}
          style={{ maxHeight: "16em", overflow: "auto", whiteSpace: "pre-wrap", fontSize: "0.85em" }}
        >
          {lines.map((line) => line.content).join("\n")}
        </pre>
      )}
    </div>
  );
};

RunLog.propTypes = {
  run: PropTypes.object.isRequired,
  lines: PropTypes.array,
  following: PropTypes.bool.isRequired,
};

RunLog.defaultProps = { lines: null };

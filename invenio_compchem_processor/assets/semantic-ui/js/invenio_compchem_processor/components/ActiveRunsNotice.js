// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { List, Message } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";

/** The runs still active as the owner publishes, and what publishing does to them. */
export const ActiveRunsNotice = ({ runs, mode, titles }) => (
  <Message
    warning={mode !== "block"}
    negative={mode === "block"}
    visible
    className="compchem-publish-notice"
    data-mode={mode}
  >
    <Message.Header>
      {i18next.t("Processing is still running on {{count}} run(s)", { count: runs.length })}
    </Message.Header>
    <List bulleted>
      {runs.map((run) => (
        <List.Item key={run.name} data-run={run.name}>
          {titles[run.workflow] || run.workflow}: {run.files.map((file) => file.key).join(", ")}{" "}
          ({run.name})
        </List.Item>
      ))}
    </List>
    <p>
      {mode === "block"
        ? i18next.t(
            "This repository does not publish while files are processed: wait until these runs end, or stop them."
          )
        : i18next.t(
            "Publishing now stops these runs: results they already wrote are published, nothing more is added."
          )}
    </p>
  </Message>
);

ActiveRunsNotice.propTypes = {
  runs: PropTypes.arrayOf(PropTypes.object).isRequired,
  mode: PropTypes.string.isRequired,
  titles: PropTypes.objectOf(PropTypes.string),
};

ActiveRunsNotice.defaultProps = { titles: {} };

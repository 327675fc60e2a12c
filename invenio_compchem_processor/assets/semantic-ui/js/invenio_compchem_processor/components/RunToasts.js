// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useEffect } from "react";
import { Message } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { displayPhase } from "../runs/phases";

const SHOWN_FOR_MS = 12000;

const KINDS = {
  Succeeded: { positive: true, icon: "check circle" },
  Stopped: { warning: true, icon: "stop circle outline" },
};
const FAILED = { negative: true, icon: "times circle" };

function headerOf(phase, title) {
  switch (phase) {
    case "Succeeded":
      return i18next.t("{{workflow}} succeeded", { workflow: title });
    case "Stopped":
      return i18next.t("{{workflow}} was stopped", { workflow: title });
    default:
      return i18next.t("{{workflow}} failed", { workflow: title });
  }
}

/** One ended run, said once, for a while. */
const RunToast = ({ entry, title, onDismiss }) => {
  const { run } = entry;
  const phase = displayPhase(run);
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(entry.id), SHOWN_FOR_MS);
    return () => clearTimeout(timer);
  }, [entry.id, onDismiss]);
  const files = run.files.map((file) => file.key).join(", ");
  const reason = phase === "Succeeded" ? null : run.status.message;
  return (
    <Message
      {...(KINDS[phase] || FAILED)}
      size="small"
      className="compchem-toast"
      data-run={run.name}
      data-phase={phase}
      header={headerOf(phase, title || run.workflow)}
      content={reason ? `${files}: ${reason}` : files}
      onDismiss={() => onDismiss(entry.id)}
    />
  );
};

RunToast.propTypes = {
  entry: PropTypes.shape({ id: PropTypes.string, run: PropTypes.object }).isRequired,
  title: PropTypes.string,
  onDismiss: PropTypes.func.isRequired,
};

RunToast.defaultProps = { title: null };

const TOASTS_STYLE = {
  position: "fixed",
  right: "1.5rem",
  bottom: "1.5rem",
  zIndex: 1000,
  width: "24rem",
  maxWidth: "calc(100vw - 3rem)",
};

/** Notes of the runs that ended while the owner watched, in a corner of the page. */
export const RunToasts = ({ endings, titles, onDismiss }) => (
  <div className="compchem-toasts" role="status" aria-live="polite" style={TOASTS_STYLE}>
    {endings.map((entry) => (
      <RunToast
        key={entry.id}
        entry={entry}
        title={titles[entry.run.workflow]}
        onDismiss={onDismiss}
      />
    ))}
  </div>
);

RunToasts.propTypes = {
  endings: PropTypes.arrayOf(PropTypes.object).isRequired,
  titles: PropTypes.objectOf(PropTypes.string).isRequired,
  onDismiss: PropTypes.func.isRequired,
};

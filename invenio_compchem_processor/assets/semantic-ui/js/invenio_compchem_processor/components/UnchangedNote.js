// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useCallback, useState } from "react";
import { Button, Icon } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import * as api from "../api";
import { useSingleFlight } from "./useSingleFlight";

/**
 * A file uploaded again with the content this run already processed: it was
 * not processed again. A run of an earlier version of the record (its
 * ``earlier_version`` link) made the results the draft took over. Whoever may
 * start runs can process the file anyway.
 */
export const UnchangedNote = ({ run, canStart, onStarted }) => {
  const [error, setError] = useState(null);
  const unchanged = run.files.filter((file) => file.upload === "unchanged");
  const earlier = run.links && run.links.earlier_version;
  const start = useCallback(async () => {
    setError(null);
    try {
      const keys = run.files.map((f) => f.key);
      onStarted(
        run.links && run.links.draft_runs
          ? await api.startRunAt(run.links.draft_runs, run.workflow, keys)
          : await api.startRun(run.record_id, run.workflow, keys)
      );
    } catch (failure) {
      setError(api.apiError(failure).message);
    }
  }, [run, onStarted]);
  const [processAnyway, busy] = useSingleFlight(start);
  if (unchanged.length === 0) {
    return null;
  }
  return (
    <div className="compchem-unchanged" style={{ fontSize: "0.9em" }}>
      <Icon name="copy outline" aria-hidden="true" />
      {earlier ? (
        <>
          {i18next.t("Unchanged since run")}{" "}
          <a href={earlier} className="compchem-earlier-run">
            {run.name}
          </a>{" "}
          {i18next.t("of an earlier version: its results were taken over, not made again.")}
        </>
      ) : (
        i18next.t("Uploaded again unchanged since run {{name}}: not processed again.", {
          name: run.name,
        })
      )}
      {canStart && (
        <Button
          type="button"
          size="mini"
          basic
          compact
          loading={busy}
          disabled={busy}
          onClick={processAnyway}
          className="compchem-process-anyway"
          style={{ marginLeft: "0.5em" }}
        >
          {i18next.t("Process anyway")}
        </Button>
      )}
      {error && (
        <div className="compchem-reason" role="alert">
          {error}
        </div>
      )}
    </div>
  );
};

UnchangedNote.propTypes = {
  run: PropTypes.object.isRequired,
  canStart: PropTypes.bool.isRequired,
  onStarted: PropTypes.func.isRequired,
};

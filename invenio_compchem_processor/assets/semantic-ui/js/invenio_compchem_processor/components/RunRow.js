// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useState } from "react";
import { Button, Icon, Table } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { displayPhase } from "../runs/phases";
import { FileName } from "./FileName";
import { PhaseBadge } from "./PhaseBadge";
import { RunActions } from "./RunActions";
import { RunDetails } from "./RunDetails";
import { RunProgress } from "./RunProgress";
import { RunResults } from "./RunResults";
import { RunTimes } from "./RunTimes";
import { UnchangedNote } from "./UnchangedNote";

const REASON_PHASES = ["Failed", "Error", "NotStarted", "Stopped", "Unknown"];

/** One run: its files, workflow, phase, progress, times, results and actions. */
export const RunRow = ({
  run,
  workflowTitle,
  results,
  now,
  onChanged,
  columns,
  compact,
  canStart,
}) => {
  const [open, setOpen] = useState(false);
  const phase = displayPhase(run);
  const reason = REASON_PHASES.includes(phase) ? run.status.message : null;
  const detailsId = `compchem-details-${run.name}`;
  return (
    <>
      <Table.Row className="compchem-run" data-run={run.name} data-phase={phase}>
        <Table.Cell>
          {run.files.map((file) => (
            <div key={file.key} className="compchem-file" data-file={file.key}>
              <FileName name={file.key} />
            </div>
          ))}
          {compact && <div className="text-muted compchem-run-name">{run.name}</div>}
        </Table.Cell>
        {!compact && (
          <Table.Cell>
            <div>{workflowTitle || run.workflow}</div>
            <div className="text-muted compchem-run-name">{run.name}</div>
          </Table.Cell>
        )}
        <Table.Cell>
          <PhaseBadge run={run} />
          <RunProgress run={run} />
          {phase === "Succeeded" && run.status.message && (
            <div className="text-muted compchem-message" style={{ fontSize: "0.9em" }}>
              {run.status.message}
            </div>
          )}
          {reason && (
            <div
              className="compchem-reason"
              title={reason}
              style={{
                whiteSpace: "nowrap",
                overflow: "hidden",
                textOverflow: "ellipsis",
                maxWidth: compact ? "14em" : "22em",
              }}
            >
              {reason}
            </div>
          )}
          <RunResults run={run} results={results} />
          <UnchangedNote run={run} canStart={canStart} onStarted={onChanged} />
          {compact && (
            <div className="compchem-compact-times">
              <RunTimes run={run} now={now} />
            </div>
          )}
        </Table.Cell>
        {!compact && (
          <Table.Cell>
            <RunTimes run={run} now={now} />
          </Table.Cell>
        )}
        <Table.Cell>
          <RunActions run={run} onDone={onChanged} />
          <Button
            type="button"
            size="mini"
            basic
            icon
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen(!open)}
            aria-label={
              open
                ? i18next.t("Hide details of run {{name}}", { name: run.name })
                : i18next.t("Show details of run {{name}}", { name: run.name })
            }
            className="compchem-toggle-details"
          >
            <Icon name={open ? "angle up" : "angle down"} aria-hidden="true" />
            {i18next.t("Details")}
          </Button>
        </Table.Cell>
      </Table.Row>
      {open && (
        <Table.Row id={detailsId} className="compchem-run-details-row">
          <Table.Cell colSpan={columns}>
            {reason && <p className="compchem-reason-full">{reason}</p>}
            <RunDetails run={run} />
          </Table.Cell>
        </Table.Row>
      )}
    </>
  );
};

RunRow.propTypes = {
  run: PropTypes.object.isRequired,
  workflowTitle: PropTypes.string,
  results: PropTypes.array.isRequired,
  now: PropTypes.instanceOf(Date).isRequired,
  onChanged: PropTypes.func.isRequired,
  columns: PropTypes.number.isRequired,
  compact: PropTypes.bool,
  canStart: PropTypes.bool,
};

RunRow.defaultProps = { workflowTitle: null, compact: false, canStart: false };

// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useEffect, useState } from "react";
import { Header, Loader, Message, Segment, Table } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { announceActivity } from "../runs/activity";
import { isLive } from "../runs/phases";
import { awaitedFiles, currentRuns } from "../runs/runsReducer";
import { useRunEndings } from "../runs/useRunEndings";
import { useRuns } from "../runs/useRuns";
import { EngineBanner } from "./EngineBanner";
import { FileRow } from "./FileRow";
import { ProcessFilesModal } from "./ProcessFilesModal";
import { RunRow } from "./RunRow";
import { RunToasts } from "./RunToasts";
import { VisuallyHidden } from "./VisuallyHidden";

const COLUMNS = 5;
const COMPACT_COLUMNS = 3; // file and run, status and time, actions

/** A clock for running durations, ticking only while something runs. */
function useNow(ticking) {
  const [now, setNow] = useState(new Date());
  useEffect(() => {
    if (!ticking) {
      return undefined;
    }
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

/** Rows in the order of the draft's files: each file's current run, once per run. */
function rowsOf(fileKeys, runs) {
  const byKey = new Map();
  currentRuns(runs).forEach((run) =>
    run.files.forEach((file) => byKey.has(file.key) || byKey.set(file.key, run))
  );
  const shown = new Set();
  const rows = [];
  fileKeys.forEach((key) => {
    const run = byKey.get(key);
    if (!run) {
      rows.push({ key });
    } else if (!shown.has(run.name)) {
      shown.add(run.name);
      rows.push({ key, run });
    }
  });
  return rows;
}

/**
 * The processing of a draft's files: for each file the run that holds it,
 * with phase, progress, times, results and the actions the API offers.
 */
export const ProcessingPanel = ({ recordId, fileKeys, canStart, compact }) => {
  const { state, changed: onChanged, updates } = useRuns(recordId, fileKeys);
  const live = state.runs.some(isLive);
  const now = useNow(live);
  const { endings, dismiss } = useRunEndings(state.runs, state.loaded);
  useEffect(() => {
    announceActivity(recordId, state.runs.filter((run) => run.active));
  }, [recordId, state.runs]);

  if (!recordId) {
    return (
      <Segment id="compchem-processing-panel" className="compchem-panel">
        <Header as="h2" size="small">
          {i18next.t("Processing")}
        </Header>
        <p className="compchem-unsaved-hint">
          {i18next.t("Processing of your files starts once the draft is saved.")}
        </p>
      </Segment>
    );
  }
  if (state.forbidden) {
    return null; // no access to the draft's runs: nothing to show
  }

  const titles = Object.fromEntries(state.workflows.map((w) => [w.name, w.title]));
  const matching = (key) =>
    state.workflows.filter((w) => w.files.includes(key)).map((w) => w.title || w.name);
  const awaited = new Set(awaitedFiles(fileKeys, state.workflows, state.runs));
  const rows = rowsOf(fileKeys, state.runs);
  const activeCount = state.runs.filter((run) => run.active).length;
  const columns = compact ? COMPACT_COLUMNS : COLUMNS;

  return (
    <Segment
      id="compchem-processing-panel"
      className="compchem-panel"
      aria-busy={!state.loaded}
      data-updates={updates}
    >
      <Header as="h2" size="small" floated="left">
        {i18next.t("Processing")}
      </Header>
      {canStart && (
        <div style={{ float: "right" }}>
          <ProcessFilesModal
            recordId={recordId}
            workflows={state.workflows}
            runs={state.runs}
            onChanged={onChanged}
          />
        </div>
      )}
      <div style={{ clear: "both" }} />
      <VisuallyHidden aria-live="polite">
        {state.loaded &&
          i18next.t("{{active}} active runs, {{total}} runs in all", {
            active: activeCount,
            total: state.runs.length,
          })}
      </VisuallyHidden>
      <RunToasts endings={endings} titles={titles} onDismiss={dismiss} />
      {!state.engine.available && <EngineBanner message={state.engine.message} />}
      {state.error && !state.forbidden && (
        <Message warning visible size="small" role="alert">
          {state.error.message}
        </Message>
      )}
      {!state.loaded ? (
        <Loader active inline="centered" size="small">
          {i18next.t("Loading processing status…")}
        </Loader>
      ) : fileKeys.length === 0 ? (
        <p className="text-muted">{i18next.t("No files yet: uploaded files are processed here.")}</p>
      ) : (
        <div style={{ overflowX: "auto" }}>
        <Table compact="very" className="compchem-runs">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{i18next.t("File")}</Table.HeaderCell>
              {!compact && <Table.HeaderCell>{i18next.t("Workflow and run")}</Table.HeaderCell>}
              <Table.HeaderCell>{i18next.t("Status")}</Table.HeaderCell>
              {!compact && <Table.HeaderCell>{i18next.t("Time")}</Table.HeaderCell>}
              <Table.HeaderCell>
                <VisuallyHidden>{i18next.t("Actions")}</VisuallyHidden>
              </Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((row) =>
              row.run ? (
                <RunRow
                  key={row.run.name}
                  run={row.run}
                  workflowTitle={titles[row.run.workflow]}
                  results={state.results}
                  now={now}
                  onChanged={onChanged}
                  columns={columns}
                  compact={compact}
                  canStart={canStart}
                />
              ) : (
                <FileRow
                  key={row.key}
                  fileKey={row.key}
                  awaited={awaited.has(row.key)}
                  workflows={matching(row.key)}
                  columns={columns}
                />
              )
            )}
          </Table.Body>
        </Table>
        </div>
      )}
    </Segment>
  );
};

ProcessingPanel.propTypes = {
  recordId: PropTypes.string,
  fileKeys: PropTypes.arrayOf(PropTypes.string).isRequired,
  canStart: PropTypes.bool.isRequired,
  compact: PropTypes.bool,
};

ProcessingPanel.defaultProps = { recordId: null, compact: false };

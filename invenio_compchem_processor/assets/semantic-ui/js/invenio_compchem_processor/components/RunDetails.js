// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Grid, Message } from "semantic-ui-react";
import { useRunDetail } from "../runs/useRunDetail";
import { useRunSummaries } from "../runs/useRunSummaries";
import { RunLog } from "./RunLog";
import { RunSteps } from "./RunSteps";
import { ResultSummaryCard } from "./SummaryCard";

/**
 * An opened run: its steps and the tail of its log, followed while it runs;
 * once it has ended, the card of each summary it wrote.
 */
export const RunDetails = ({ run }) => {
  const { detail, lines, error } = useRunDetail(run);
  const summaries = useRunSummaries(run);
  return (
    <div className="compchem-run-details">
      {error && (
        <Message warning visible size="tiny">
          {error}
        </Message>
      )}
      <Grid stackable columns={2}>
        <Grid.Column width={5}>
          <RunSteps steps={(detail && detail.steps) || []} />
        </Grid.Column>
        <Grid.Column width={11}>
          <RunLog run={run} lines={lines} following={Boolean(run.active)} />
        </Grid.Column>
      </Grid>
      {summaries.map((entry) => (
        <ResultSummaryCard key={entry.key} recordId={run.record_id} entry={entry} />
      ))}
    </div>
  );
};

RunDetails.propTypes = { run: PropTypes.object.isRequired };

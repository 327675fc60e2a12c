// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Button } from "semantic-ui-react";

/**
 * A roll-out's two steps: the dry run, then (``runLabel``, once the dry run
 * found work) the start; ``onSubmit(dryRun)`` sends either.
 */
export const DryRunButtons = ({ busy, dryRunLabel, runLabel, onSubmit, classes }) => (
  <>
    <Button className={classes.dryRun} loading={busy} disabled={busy} onClick={() => onSubmit(true)}>
      {dryRunLabel}
    </Button>
    {runLabel && (
      <Button primary className={classes.run} disabled={busy} onClick={() => onSubmit(false)}>
        {runLabel}
      </Button>
    )}
  </>
);

DryRunButtons.propTypes = {
  busy: PropTypes.bool.isRequired,
  dryRunLabel: PropTypes.string.isRequired,
  runLabel: PropTypes.string,
  onSubmit: PropTypes.func.isRequired,
  classes: PropTypes.shape({ dryRun: PropTypes.string, run: PropTypes.string }).isRequired,
};
DryRunButtons.defaultProps = { runLabel: null };

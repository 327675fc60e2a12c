// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Icon, Label } from "semantic-ui-react";
import { PHASE_STYLES, displayPhase, phaseLabel } from "../runs/phases";

/** The run's phase as a word with an icon and a colour. */
export const PhaseBadge = ({ run }) => {
  const phase = displayPhase(run);
  const style = PHASE_STYLES[phase] || PHASE_STYLES.Unknown;
  return (
    <Label
      color={style.color}
      basic={phase === "Pending"}
      className="compchem-phase"
      data-phase={phase}
    >
      <Icon name={style.icon} loading={phase === "Running"} aria-hidden="true" />
      {phaseLabel(phase)}
    </Label>
  );
};

PhaseBadge.propTypes = { run: PropTypes.object.isRequired };

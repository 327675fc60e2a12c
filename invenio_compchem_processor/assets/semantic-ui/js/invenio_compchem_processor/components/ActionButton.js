// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Button, Icon } from "semantic-ui-react";

/** One small labelled button of the run's actions. */
export const ActionButton = ({ icon, label, ariaLabel, busy, onClick, color }) => (
  <Button
    type="button"
    size="mini"
    basic
    color={color}
    icon
    labelPosition="left"
    loading={busy}
    disabled={busy}
    onClick={onClick}
    aria-label={ariaLabel}
  >
    <Icon name={icon} aria-hidden="true" />
    {label}
  </Button>
);

ActionButton.propTypes = {
  icon: PropTypes.string.isRequired,
  label: PropTypes.string.isRequired,
  ariaLabel: PropTypes.string.isRequired,
  busy: PropTypes.bool.isRequired,
  onClick: PropTypes.func.isRequired,
  color: PropTypes.string,
};

ActionButton.defaultProps = {
  color: undefined,
};

// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Input } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";

/** How many runs of a roll-out may be in flight at once (the API takes 1 to 100). */
export const ConcurrencyInput = ({ value, onChange, className }) => (
  <Input
    type="number"
    min={1}
    max={100}
    className={className}
    label={i18next.t("at most in flight")}
    value={value}
    onChange={(e, data) => onChange(data.value)}
  />
);

ConcurrencyInput.propTypes = {
  value: PropTypes.oneOfType([PropTypes.number, PropTypes.string]).isRequired,
  onChange: PropTypes.func.isRequired,
  className: PropTypes.string,
};
ConcurrencyInput.defaultProps = { className: undefined };

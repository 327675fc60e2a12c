// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";

const HIDDEN = {
  position: "absolute",
  width: "1px",
  height: "1px",
  margin: "-1px",
  padding: 0,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
  border: 0,
};

/** Text for screen readers only (a live summary, a column's name). */
export const VisuallyHidden = ({ children, ...props }) => (
  <span style={HIDDEN} {...props}>
    {children}
  </span>
);

VisuallyHidden.propTypes = { children: PropTypes.node };
VisuallyHidden.defaultProps = { children: null };

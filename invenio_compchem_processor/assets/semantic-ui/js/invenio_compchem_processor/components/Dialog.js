// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Modal } from "semantic-ui-react";
import { useFocusOnOpen } from "./useFocusOnOpen";

/**
 * A modal dialog announced as one and named by its header; when it opens,
 * the focus moves to ``focusRef`` (the safe choice, or the first field).
 */
export const Dialog = ({ open, onClose, size, titleId, title, trigger, focusRef, children }) => {
  useFocusOnOpen(open, focusRef);
  return (
    <Modal
      open={open}
      onClose={onClose}
      size={size}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      trigger={trigger}
    >
      <Modal.Header id={titleId}>{title}</Modal.Header>
      {children}
    </Modal>
  );
};

Dialog.propTypes = {
  open: PropTypes.bool.isRequired,
  onClose: PropTypes.func.isRequired,
  size: PropTypes.string.isRequired,
  titleId: PropTypes.string.isRequired,
  title: PropTypes.node.isRequired,
  trigger: PropTypes.node.isRequired,
  focusRef: PropTypes.object.isRequired,
  children: PropTypes.node.isRequired,
};

// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useEffect, useState } from "react";
import { listDraftFileKeys } from "../api";
import { ProcessingPanel } from "./ProcessingPanel";

/**
 * The panel on a draft's preview page, for people who may see the draft but
 * not edit it (a preview share): statuses and results, and only the actions
 * the API's links offer them; no "Process files". Nothing when the draft's
 * files cannot be read.
 */
export const PreviewPagePanel = ({ recordId }) => {
  const [fileKeys, setFileKeys] = useState(null);
  useEffect(() => {
    listDraftFileKeys(recordId)
      .then((keys) => setFileKeys(keys.sort()))
      .catch(() => setFileKeys(null));
  }, [recordId]);
  if (fileKeys === null) {
    return null;
  }
  // The preview page's sidebar is narrow: the compact layout.
  return <ProcessingPanel recordId={recordId} fileKeys={fileKeys} canStart={false} compact />;
};

PreviewPagePanel.propTypes = { recordId: PropTypes.string.isRequired };

// SPDX-License-Identifier: MIT
// The package's bundle, on every page after RDM's overridable registry:
// registers the panel in the deposit form and mounts it on a draft's preview
// page when that page has the panel's placeholder.
import React from "react";
import ReactDOM from "react-dom";
import { overrideStore } from "react-overridable";
import { DepositFormPanel } from "./components/DepositFormPanel";
import { PreviewPagePanel } from "./components/PreviewPagePanel";

export const DEPOSIT_FORM_SLOT = "InvenioAppRdm.Deposit.Files.after.container";

overrideStore.add(DEPOSIT_FORM_SLOT, DepositFormPanel);

const placeholder = document.getElementById("invenio-compchem-processor-panel");
if (placeholder) {
  ReactDOM.render(<PreviewPagePanel recordId={placeholder.dataset.recordId} />, placeholder);
}

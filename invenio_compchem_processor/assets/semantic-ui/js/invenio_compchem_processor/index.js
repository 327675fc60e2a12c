// SPDX-License-Identifier: MIT
// The package's bundle, on every page after RDM's overridable registry:
// registers the panel and the publish controls in the deposit form and mounts it on a draft's preview
// page when that page has the panel's placeholder.
import React from "react";
import ReactDOM from "react-dom";
import { overrideStore } from "react-overridable";
import { DepositFormPanel } from "./components/DepositFormPanel";
import { PUBLISH_MODAL, PublishModalWithRuns } from "./components/PublishModalWithRuns";
import { STATUS_BOX, StatusBoxWithProcessing } from "./components/StatusBoxWithProcessing";
import { PreviewPagePanel } from "./components/PreviewPagePanel";

export const DEPOSIT_FORM_SLOT = "InvenioAppRdm.Deposit.Files.after.container";

overrideStore.add(DEPOSIT_FORM_SLOT, DepositFormPanel);
// Publishing while files are processed: the dialog lists the active runs, a
// line under the publish button says processing still runs.
overrideStore.add(PUBLISH_MODAL, PublishModalWithRuns);
overrideStore.add(STATUS_BOX, StatusBoxWithProcessing);

const placeholder = document.getElementById("invenio-compchem-processor-panel");
if (placeholder) {
  ReactDOM.render(<PreviewPagePanel recordId={placeholder.dataset.recordId} />, placeholder);
}

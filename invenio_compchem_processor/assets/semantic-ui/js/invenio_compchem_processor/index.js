// SPDX-License-Identifier: MIT
// The package's bundle, on every page after RDM's overridable registry:
// registers the panel and the publish controls in the deposit form, mounts it
// on a draft's preview page and the reprocessing proposals on a published
// record's page, where those pages have their placeholders.
import React from "react";
import ReactDOM from "react-dom";
import { overrideStore } from "react-overridable";
import { DepositFormPanel } from "./components/DepositFormPanel";
import { PUBLISH_MODAL, PublishModalWithRuns } from "./components/PublishModalWithRuns";
import { STATUS_BOX, StatusBoxWithProcessing } from "./components/StatusBoxWithProcessing";
import { PreviewPagePanel } from "./components/PreviewPagePanel";
import { ProposalsBox } from "./components/ProposalsBox";

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

const proposals = document.getElementById("invenio-compchem-processor-proposals");
if (proposals) {
  ReactDOM.render(<ProposalsBox recordId={proposals.dataset.recordId} />, proposals);
}

// SPDX-License-Identifier: MIT
// The admin bundle: mounts the package's parts where the admin pages left
// their placeholders, and gives the runs list its own rows.
import React from "react";
import ReactDOM from "react-dom";
import { overrideStore } from "react-overridable";
import { AutoRefresh } from "./AutoRefresh";
import { BulkActions } from "./BulkActions";
import { CampaignForm } from "./CampaignForm";
import { RunActionButtons } from "./RunActionButtons";
import { RUN_ROW, RunRow } from "./RunRow";
import { WorkflowsTable } from "./WorkflowsTable";

const mount = (id, render) => {
  const element = document.getElementById(id);
  if (element) ReactDOM.render(render(element.dataset), element);
};

mount("compchem-admin-refresh", (data) => (
  <AutoRefresh seconds={JSON.parse(data.refreshSeconds)} />
));
// The runs list (the only generic list page with this bundle): rows with the
// actions each run allows.
if (document.getElementById("compchem-admin-refresh")) {
  overrideStore.add(RUN_ROW, RunRow);
}
mount("compchem-admin-bulk", () => (
  <>
    <BulkActions />
    <CampaignForm />
  </>
));
mount("compchem-admin-run-actions", (data) => (
  <RunActionButtons
    actions={JSON.parse(data.actions)}
    onDone={(run) => window.location.assign(window.location.pathname.replace(/[^/]+$/, run.name))}
  />
));
mount("compchem-admin-workflows", () => <WorkflowsTable />);

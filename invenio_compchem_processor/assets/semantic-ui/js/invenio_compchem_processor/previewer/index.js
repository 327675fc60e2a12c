// SPDX-License-Identifier: MIT
// The previewers' bundle: mounts the 3D structure view or the summary card
// on the preview page that has its placeholder (data from the server).
import React from "react";
import ReactDOM from "react-dom";
import { SummaryCard } from "../components/SummaryCard";
import { StructureViewer } from "./StructureViewer";

const structure = document.getElementById("compchem-structure");
if (structure) {
  ReactDOM.render(<StructureViewer structure={JSON.parse(structure.dataset.structure)} />, structure);
}

const summary = document.getElementById("compchem-summary");
if (summary) {
  const card = JSON.parse(summary.dataset.card);
  ReactDOM.render(<SummaryCard summary={card.summary} steps={card.steps} />, summary);
}

// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Header, List } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { PhaseBadge } from "./PhaseBadge";

/** The steps of a run, each with its phase and, when it failed, why. */
export const RunSteps = ({ steps }) => (
  <div className="compchem-steps">
    <Header as="h4" className="mb-5">
      {i18next.t("Steps")}
    </Header>
    {steps.length === 0 ? (
      <p className="text-muted">{i18next.t("No steps yet.")}</p>
    ) : (
      <List>
        {steps.map((step) => (
          <List.Item key={step.id}>
            <PhaseBadge run={{ status: { phase: step.phase } }} /> {step.name}
            {step.message && <span className="text-muted"> — {step.message}</span>}
          </List.Item>
        ))}
      </List>
    )}
  </div>
);

RunSteps.propTypes = { steps: PropTypes.array.isRequired };

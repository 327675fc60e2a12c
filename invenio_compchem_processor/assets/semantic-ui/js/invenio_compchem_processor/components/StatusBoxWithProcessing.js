// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Card, Icon } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { useActivity } from "../runs/activity";

export const STATUS_BOX = "InvenioAppRdm.Deposit.CardDepositStatusBox.container";

/**
 * RDM's deposit status card (save, preview, publish), with a line under the
 * buttons while the draft's files are still being processed.
 */
export const StatusBoxWithProcessing = ({ children }) => {
  const { active } = useActivity();
  return (
    <Card>
      {children}
      {active.length > 0 && (
        <Card.Content extra className="compchem-processing-note" role="status">
          <Icon name="sync" loading />
          <a href="#compchem-processing-panel">
            {i18next.t("Processing still running ({{count}} run(s))", { count: active.length })}
          </a>
        </Card.Content>
      )}
    </Card>
  );
};

StatusBoxWithProcessing.propTypes = { children: PropTypes.node };

StatusBoxWithProcessing.defaultProps = { children: null };

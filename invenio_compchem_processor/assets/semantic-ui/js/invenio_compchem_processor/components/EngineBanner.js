// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Icon, Message } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";

/** The engine cannot be asked: statuses below come from what was recorded. */
export const EngineBanner = ({ message }) => (
  // ``visible``: inside RDM's deposit form, Semantic UI hides warning
  // messages unless the whole form is in a warning state.
  <Message warning icon visible role="status" className="compchem-engine-banner">
    <Icon name="plug" aria-hidden="true" />
    <Message.Content>
      <Message.Header>{i18next.t("Processing is unavailable at the moment")}</Message.Header>
      <p>{message || i18next.t("The processing engine does not answer.")}</p>
      <p>
        {i18next.t(
          "Statuses shown are the last ones recorded. You can keep editing, saving and uploading; processing resumes when the engine is back."
        )}
      </p>
    </Message.Content>
  </Message>
);

EngineBanner.propTypes = { message: PropTypes.string };
EngineBanner.defaultProps = { message: null };

// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Button, Message } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { runAction } from "./api";
import { useRequest } from "./useRequest";

const LABELS = {
  stop: () => i18next.t("Stop"),
  retry: () => i18next.t("Retry"),
  restart: () => i18next.t("Restart"),
};

/** The actions the run's state allows; each disables the others while it runs. */
export const RunActionButtons = ({ actions, onDone, size }) => {
  const { busy, error, call } = useRequest();
  const act = (key) => call(() => runAction(actions[key]), onDone, key);
  return (
    <>
      <Button.Group size={size}>
        {Object.keys(actions).map((key) => (
          <Button
            key={key}
            className={`compchem-admin-${key}`}
            loading={busy === key}
            disabled={busy !== false}
            onClick={() => act(key)}
          >
            {LABELS[key] ? LABELS[key]() : key}
          </Button>
        ))}
      </Button.Group>
      {error && <Message negative content={error} />}
    </>
  );
};

RunActionButtons.propTypes = {
  actions: PropTypes.object.isRequired,
  onDone: PropTypes.func.isRequired,
  size: PropTypes.string,
};

RunActionButtons.defaultProps = {
  size: "small",
};

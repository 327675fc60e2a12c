// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useRef, useState } from "react";
import { Button, Modal } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { ActionButton } from "./ActionButton";
import { Dialog } from "./Dialog";

/** Stop, after the depositor confirms it in a dialog. */
export const StopRunButton = ({ run, busy, onStop }) => {
  const [open, setOpen] = useState(false);
  const keepRunning = useRef(null);
  const confirm = () => {
    setOpen(false);
    onStop();
  };
  return (
    <Dialog
      open={open}
      onClose={() => setOpen(false)}
      size="tiny"
      titleId={`compchem-stop-title-${run.name}`}
      title={i18next.t("Stop this run?")}
      focusRef={keepRunning}
      trigger={
        <ActionButton
          color="red"
          icon="stop"
          label={i18next.t("Stop")}
          ariaLabel={i18next.t("Stop run {{name}}", { name: run.name })}
          busy={busy}
          onClick={() => setOpen(true)}
        />
      }
    >
      <Modal.Content>
        <p>
          {i18next.t(
            "Run {{name}} will be stopped; results it has not written yet are lost. Its files can be processed again afterwards.",
            { name: run.name }
          )}
        </p>
      </Modal.Content>
      <Modal.Actions>
        <Button type="button" ref={keepRunning} onClick={() => setOpen(false)}>
          {i18next.t("Keep running")}
        </Button>
        <Button
          type="button"
          negative
          onClick={confirm}
          className="compchem-confirm-stop"
        >
          {i18next.t("Stop run")}
        </Button>
      </Modal.Actions>
    </Dialog>
  );
};

StopRunButton.propTypes = {
  run: PropTypes.object.isRequired,
  busy: PropTypes.bool.isRequired,
  onStop: PropTypes.func.isRequired,
};

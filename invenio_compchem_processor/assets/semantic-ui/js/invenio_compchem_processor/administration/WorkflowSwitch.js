// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useState } from "react";
import { Button, Checkbox, Input, Message } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { switchWorkflow } from "./api";
import { useRequest } from "./useRequest";

/**
 * Pause a workflow with a reason, or resume it, processing the uploads it
 * skipped unless unticked (the choice shows only when some were skipped).
 */
export const WorkflowSwitch = ({ workflow, onChange }) => {
  const [reason, setReason] = useState("");
  const [processSkipped, setProcessSkipped] = useState(true);
  const { busy, error, call } = useRequest();
  const send = (which) => {
    const body =
      which === "pause"
        ? { reason: reason || null }
        : { reason: reason || null, process_skipped: processSkipped };
    return call(
      () => switchWorkflow(workflow.name, which, body),
      (answer) => {
        onChange(answer);
        setReason("");
      }
    );
  };
  return (
    <div className={`compchem-admin-switch compchem-admin-switch-${workflow.name}`}>
      <Input
        size="small"
        placeholder={i18next.t("Why (shown to depositors)")}
        value={reason}
        onChange={(e, { value }) => setReason(value)}
      />{" "}
      {workflow.paused ? (
        <>
          {workflow.skipped > 0 && (
            <Checkbox
              className="compchem-admin-process-skipped"
              label={i18next.t("Process the skipped uploads ({{skipped}})", {
                skipped: workflow.skipped,
              })}
              checked={processSkipped}
              onChange={(e, { checked }) => setProcessSkipped(checked)}
            />
          )}{" "}
          <Button size="small" positive loading={busy} disabled={busy} onClick={() => send("resume")} className="compchem-admin-resume">
            {i18next.t("Resume")}
          </Button>
        </>
      ) : (
        <Button size="small" negative loading={busy} disabled={busy} onClick={() => send("pause")} className="compchem-admin-pause">
          {i18next.t("Pause")}
        </Button>
      )}
      {error && <Message negative content={error} />}
    </div>
  );
};

WorkflowSwitch.propTypes = {
  workflow: PropTypes.object.isRequired,
  onChange: PropTypes.func.isRequired,
};

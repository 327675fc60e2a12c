// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useContext, useEffect, useMemo, useState } from "react";
import { useSelector } from "react-redux";
import { OverridableContext } from "react-overridable";
import { PublishModal } from "@js/invenio_rdm_records/src/deposit/controls/PublishButton/PublishModal";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import * as api from "../api";
import { ActiveRunsNotice } from "./ActiveRunsNotice";

export const PUBLISH_MODAL = "InvenioRdmRecords.PublishModal.container";

/** The draft's active runs and the publish mode, read as the dialog opens. */
function useRunsAtPublish(recordId) {
  const [state, setState] = useState({ ready: !recordId, runs: [], mode: "warn", titles: {} });
  useEffect(() => {
    if (!recordId) {
      return undefined;
    }
    let cancelled = false;
    Promise.all([api.listRuns(recordId), api.listWorkflows(recordId).catch(() => [])])
      .then(([{ runs, publish }, workflows]) => {
        if (!cancelled) {
          setState({
            ready: true,
            runs: runs.filter((run) => run.active),
            mode: (publish && publish.mode) || "warn",
            titles: Object.fromEntries(workflows.map((w) => [w.name, w.title])),
          });
        }
      })
      .catch(() => !cancelled && setState((s) => ({ ...s, ready: true })));
    return () => {
      cancelled = true;
    };
  }, [recordId]);
  return state;
}

/**
 * RDM's publish dialog, listing the runs still active. In ``warn`` mode the
 * owner confirms with a checkbox that publishing stops them; in ``block``
 * mode the dialog says the publish will be refused. RDM's own dialog is
 * rendered inside, with this override taken out of the registry.
 */
export const PublishModalWithRuns = ({ extraCheckboxes, beforeContent, ...props }) => {
  const registry = useContext(OverridableContext);
  const withoutThis = useMemo(() => {
    const rest = { ...registry };
    delete rest[PUBLISH_MODAL];
    return rest;
  }, [registry]);
  const record = useSelector((state) => state.deposit.record);
  const { ready, runs, mode, titles } = useRunsAtPublish(record && record.id);
  if (!ready) {
    return null; // the dialog's checkboxes are fixed when it mounts: wait for the runs
  }
  const shown = runs.length > 0 && mode !== "allow";
  const checkboxes =
    shown && mode === "warn"
      ? [
          ...extraCheckboxes,
          {
            id: "compchem-stop-runs",
            fieldPath: "compchem_stop_runs",
            text: i18next.t("Stop these runs and publish."),
          },
        ]
      : extraCheckboxes;
  const before = shown
    ? () => (
        <>
          <ActiveRunsNotice runs={runs} mode={mode} titles={titles} />
          {beforeContent()}
        </>
      )
    : beforeContent;
  return (
    <OverridableContext.Provider value={withoutThis}>
      <PublishModal {...props} extraCheckboxes={checkboxes} beforeContent={before} />
    </OverridableContext.Provider>
  );
};

PublishModalWithRuns.propTypes = {
  extraCheckboxes: PropTypes.arrayOf(PropTypes.object),
  beforeContent: PropTypes.func,
};

PublishModalWithRuns.defaultProps = {
  extraCheckboxes: [],
  beforeContent: () => undefined,
};

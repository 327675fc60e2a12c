// SPDX-License-Identifier: MIT
import React, { useMemo } from "react";
import { useSelector } from "react-redux";
import { ProcessingPanel } from "./ProcessingPanel";

const UPLOADED = "finished"; // RDM's UploadState.completed

/**
 * The panel in RDM's deposit form. The props RDM gives an override are the
 * page's initial data; the live draft id and files come from the deposit
 * form's redux store, so a save or an upload shows without a reload.
 */
export const DepositFormPanel = () => {
  const record = useSelector((state) => state.deposit.record);
  const entries = useSelector((state) => state.files.entries);
  const keys = Object.values(entries || {})
    .filter((entry) => entry.status === UPLOADED)
    .map((entry) => entry.name)
    .sort();
  const signature = keys.join("\n");
  const fileKeys = useMemo(() => keys, [signature]); // eslint-disable-line react-hooks/exhaustive-deps
  return <ProcessingPanel recordId={(record && record.id) || null} fileKeys={fileKeys} canStart />;
};

// SPDX-License-Identifier: MIT
import React, { useState } from "react";
import { Dropdown, Message, Segment } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { bulkAction, readBulk, stopBulk } from "./api";
import { BulkPreview } from "./BulkPreview";
import { BulkProgress } from "./BulkProgress";
import { ConcurrencyInput } from "./ConcurrencyInput";
import { DryRunButtons } from "./DryRunButtons";
import { currentQuery } from "./searchQuery";
import { useRollout } from "./useRollout";

/**
 * Retry or restart the runs the current filter matches: a dry run shows the
 * count and the first rows, then a throttled roll-out shows its progress.
 */
export const BulkActions = () => {
  const [action, setAction] = useState("restart");
  const [concurrency, setConcurrency] = useState(2);
  const { preview, state, busy, error, call, send, choose, setState } = useRollout(readBulk);
  const submit = (dryRun) =>
    send(
      () =>
        bulkAction({ action, concurrency: Number(concurrency), query: currentQuery(), dryRun }),
      dryRun
    );

  return (
    <Segment className="compchem-admin-bulk">
      <Dropdown
        selection
        className="compchem-admin-bulk-action"
        value={action}
        onChange={choose(setAction)}
        options={[
          { key: "retry", value: "retry", text: i18next.t("Retry (same run)") },
          { key: "restart", value: "restart", text: i18next.t("Restart (new run)") },
        ]}
      />{" "}
      <ConcurrencyInput
        className="compchem-admin-bulk-concurrency"
        value={concurrency}
        onChange={setConcurrency}
      />{" "}
      <DryRunButtons
        busy={busy}
        dryRunLabel={i18next.t("Dry run on the current filter")}
        runLabel={
          preview && preview.total > 0
            ? i18next.t("Submit {{count}} runs", { count: preview.total })
            : null
        }
        onSubmit={submit}
        classes={{ dryRun: "compchem-admin-bulk-dry-run", run: "compchem-admin-bulk-run" }}
      />
      {error && <Message negative content={error} />}
      {preview && <BulkPreview preview={preview} />}
      {state && <BulkProgress state={state} onStop={() => call(() => stopBulk(state.id), setState)} />}
    </Segment>
  );
};

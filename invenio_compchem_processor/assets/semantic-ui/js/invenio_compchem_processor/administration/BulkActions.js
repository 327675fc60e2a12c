// SPDX-License-Identifier: MIT
import React, { useState } from "react";
import { Button, Dropdown, Input, Message, Segment } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { bulkAction, errorMessage, readBulk, stopBulk } from "./api";
import { BulkPreview } from "./BulkPreview";
import { BulkProgress } from "./BulkProgress";
import { usePoll } from "./usePoll";
import { currentQuery } from "./searchQuery";

/**
 * Retry or restart the runs the current filter matches: a dry run shows the
 * count and the first rows, then a throttled roll-out shows its progress.
 */
export const BulkActions = () => {
  const [action, setAction] = useState("restart");
  const [concurrency, setConcurrency] = useState(2);
  const [preview, setPreview] = useState(null);
  const [state, setState] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  usePoll(state, setState, readBulk, setError);

  const send = async (dryRun) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await bulkAction({
        action,
        concurrency: Number(concurrency),
        query: currentQuery(),
        dryRun,
      });
      if (dryRun) {
        setPreview(answer);
      } else {
        setPreview(null);
        setState(answer);
      }
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const stop = async () => {
    try {
      setState(await stopBulk(state.id));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <Segment className="compchem-admin-bulk">
      <Dropdown
        selection
        className="compchem-admin-bulk-action"
        value={action}
        onChange={(e, { value }) => {
          setAction(value);
          setPreview(null);
        }}
        options={[
          { key: "retry", value: "retry", text: i18next.t("Retry (same run)") },
          { key: "restart", value: "restart", text: i18next.t("Restart (new run)") },
        ]}
      />{" "}
      <Input
        type="number"
        min={1}
        max={100}
        className="compchem-admin-bulk-concurrency"
        label={i18next.t("at most in flight")}
        value={concurrency}
        onChange={(e, { value }) => setConcurrency(value)}
      />{" "}
      <Button
        className="compchem-admin-bulk-dry-run"
        loading={busy}
        disabled={busy}
        onClick={() => send(true)}
      >
        {i18next.t("Dry run on the current filter")}
      </Button>
      {preview && preview.total > 0 && (
        <Button
          primary
          className="compchem-admin-bulk-run"
          disabled={busy}
          onClick={() => send(false)}
        >
          {i18next.t("Submit {{count}} runs", { count: preview.total })}
        </Button>
      )}
      {error && <Message negative content={error} />}
      {preview && <BulkPreview preview={preview} />}
      {state && <BulkProgress state={state} onStop={stop} />}
    </Segment>
  );
};

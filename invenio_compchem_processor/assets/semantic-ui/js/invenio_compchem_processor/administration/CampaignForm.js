// SPDX-License-Identifier: MIT
import React, { useState } from "react";
import { Button, Dropdown, Input, Message, Segment, Table } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { campaign, startCampaign } from "./api";
import { BulkProgress } from "./BulkProgress";
import { ConcurrencyInput } from "./ConcurrencyInput";
import { DryRunButtons } from "./DryRunButtons";
import { useRollout } from "./useRollout";

const SHOWN_FILES = 20;

/** A dry run's files: record, file, current processor version, what happens. */
const CampaignFiles = ({ files }) => (
  <Table compact size="small" className="compchem-admin-campaign-files">
    <Table.Body>
      {files.slice(0, SHOWN_FILES).map((f) => (
        <Table.Row key={`${f.record_id}/${f.file_key}`}>
          <Table.Cell>{f.record_id}</Table.Cell>
          <Table.Cell>{f.file_key}</Table.Cell>
          <Table.Cell>{f.processor_version || "-"}</Table.Cell>
          <Table.Cell>
            {f.proposed ? i18next.t("needs a new version") : i18next.t("reprocess")}
          </Table.Cell>
        </Table.Row>
      ))}
    </Table.Body>
  </Table>
);

/**
 * Reprocess the files a processor older than a version made, or the failed
 * runs of a workflow: dry run, then a throttled, pausable roll-out.
 */
export const CampaignForm = () => {
  const [by, setBy] = useState("processor");
  const [fields, setFields] = useState({ processor: "", older_than: "", workflow: "" });
  const [concurrency, setConcurrency] = useState(2);
  const { preview, state, busy, error, call, send, choose, setState } = useRollout(campaign);
  const selection =
    by === "processor"
      ? { processor: fields.processor, older_than: fields.older_than }
      : { workflow: fields.workflow };
  const submit = (dryRun) =>
    send(
      () => startCampaign({ ...selection, concurrency: Number(concurrency), dry_run: dryRun }),
      dryRun
    );
  const field = (name, label) => (
    <Input
      className={`compchem-admin-campaign-${name}`}
      placeholder={label}
      value={fields[name]}
      onChange={(e, { value }) => setFields({ ...fields, [name]: value })}
    />
  );

  return (
    <Segment className="compchem-admin-campaign">
      <Dropdown
        selection
        value={by}
        onChange={choose(setBy)}
        options={[
          { key: "p", value: "processor", text: i18next.t("Results of a processor older than") },
          { key: "w", value: "workflow", text: i18next.t("Failed runs of a workflow") },
        ]}
      />{" "}
      {by === "processor" ? (
        <>
          {field("processor", i18next.t("processor"))}{" "}
          {field("older_than", i18next.t("version"))}
        </>
      ) : (
        field("workflow", i18next.t("workflow"))
      )}{" "}
      <ConcurrencyInput value={concurrency} onChange={setConcurrency} />{" "}
      <DryRunButtons
        busy={busy}
        dryRunLabel={i18next.t("Dry run")}
        runLabel={
          preview && preview.total.runs > 0
            ? i18next.t("Reprocess {{count}} files", { count: preview.total.files })
            : null
        }
        onSubmit={submit}
        classes={{ dryRun: "compchem-admin-campaign-dry-run", run: "compchem-admin-campaign-start" }}
      />
      {error && <Message negative content={error} />}
      {preview && (
        <>
          <p className="compchem-admin-campaign-counts">
            {i18next.t(
              "{{files}} files ({{runs}} runs) to reprocess; {{proposed}} of published records need a new version",
              preview.total
            )}
          </p>
          <CampaignFiles files={preview.files} />
        </>
      )}
      {state && (
        <>
          <BulkProgress
            state={state}
            onStop={() => call(() => campaign(state.id, "stop"), setState)}
          />
          {!state.finished && (
            <Button
              size="small"
              className="compchem-admin-campaign-pause"
              onClick={() =>
                call(() => campaign(state.id, state.paused ? "resume" : "pause"), setState)
              }
            >
              {state.paused ? i18next.t("Resume") : i18next.t("Pause")}
            </Button>
          )}
          {state.needs_new_version.length > 0 && (
            <CampaignFiles files={state.needs_new_version} />
          )}
        </>
      )}
    </Segment>
  );
};

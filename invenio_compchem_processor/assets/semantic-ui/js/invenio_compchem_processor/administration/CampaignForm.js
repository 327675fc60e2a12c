// SPDX-License-Identifier: MIT
import React, { useState } from "react";
import { Button, Dropdown, Input, Message, Segment, Table } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { campaign, errorMessage, startCampaign } from "./api";
import { BulkProgress } from "./BulkProgress";
import { usePoll } from "./usePoll";
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
  const [preview, setPreview] = useState(null);
  const [state, setState] = useState(null);
  const [error, setError] = useState(null);

  usePoll(state, setState, campaign, setError);

  const call = async (request, then) => {
    setError(null);
    try {
      then(await request());
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const selection =
    by === "processor"
      ? { processor: fields.processor, older_than: fields.older_than }
      : { workflow: fields.workflow };
  const send = (dryRun) =>
    call(
      () =>
        startCampaign({ ...selection, concurrency: Number(concurrency), dry_run: dryRun }),
      (answer) => (dryRun ? setPreview(answer) : (setPreview(null), setState(answer)))
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
        onChange={(e, { value }) => {
          setBy(value);
          setPreview(null);
        }}
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
      <Input
        type="number"
        min={1}
        max={100}
        label={i18next.t("at most in flight")}
        value={concurrency}
        onChange={(e, { value }) => setConcurrency(value)}
      />{" "}
      <Button className="compchem-admin-campaign-dry-run" onClick={() => send(true)}>
        {i18next.t("Dry run")}
      </Button>
      {preview && preview.total.runs > 0 && (
        <Button primary className="compchem-admin-campaign-start" onClick={() => send(false)}>
          {i18next.t("Reprocess {{count}} files", { count: preview.total.files })}
        </Button>
      )}
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

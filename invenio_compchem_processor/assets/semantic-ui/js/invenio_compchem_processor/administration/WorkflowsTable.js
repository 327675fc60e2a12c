// SPDX-License-Identifier: MIT
import React, { useEffect, useState } from "react";
import { Label, Loader, Message, Table } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { formatSeconds } from "../components/RunTimes";
import { TableHeader } from "../components/TableHeader";
import { listWorkflows } from "./api";
import { useRequest } from "./useRequest";
import { WorkflowSwitch } from "./WorkflowSwitch";

const count = (value) => (value === null || value === undefined ? "–" : value);

/** Every workflow: counts of the last 24 h and 7 days, median duration, its switch. */
export const WorkflowsTable = () => {
  const [workflows, setWorkflows] = useState(null);
  const { error, call } = useRequest();
  const load = () => call(listWorkflows, setWorkflows);
  useEffect(() => {
    load();
  }, []);
  if (error) return <Message negative content={error} />;
  if (!workflows) return <Loader active inline="centered" />;
  return (
    <Table celled className="compchem-admin-workflows">
      <TableHeader
        labels={[
          i18next.t("Workflow"),
          i18next.t("Active"),
          i18next.t("Succeeded 24 h / 7 d"),
          i18next.t("Failed 24 h / 7 d"),
          i18next.t("Median duration 7 d"),
          i18next.t("Automatic processing"),
        ]}
      />
      <Table.Body>
        {workflows.map((workflow) => (
          <Table.Row key={workflow.name} className={`compchem-admin-workflow-${workflow.name}`}>
            <Table.Cell>
              <strong>{workflow.title}</strong>
              <br />
              <code>{workflow.name}</code>
            </Table.Cell>
            <Table.Cell>{count(workflow.counts.active)}</Table.Cell>
            <Table.Cell>
              {count(workflow.counts.succeeded_24h)} / {count(workflow.counts.succeeded_7d)}
            </Table.Cell>
            <Table.Cell>
              {count(workflow.counts.failed_24h)} / {count(workflow.counts.failed_7d)}
            </Table.Cell>
            <Table.Cell>{formatSeconds(workflow.median_duration_7d)}</Table.Cell>
            <Table.Cell>
              {workflow.paused ? (
                <Label color="orange" className="compchem-admin-paused">
                  {i18next.t("Paused")}
                  {workflow.switch?.reason && `: ${workflow.switch.reason}`}
                </Label>
              ) : (
                <Label color="green">{i18next.t("Running")}</Label>
              )}
              <WorkflowSwitch workflow={workflow} onChange={load} />
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
};

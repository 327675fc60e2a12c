// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Table } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { TableHeader } from "../components/TableHeader";

/** The dry run's count and first rows. */
export const BulkPreview = ({ preview }) => (
  <>
    <p className="compchem-admin-bulk-count">
      {i18next.t("{{count}} runs would be submitted ({{action}}).", {
        count: preview.total,
        action: preview.action,
      })}
    </p>
    {preview.first.length > 0 && (
      <Table compact size="small">
        <TableHeader labels={[i18next.t("Run"), i18next.t("Phase"), i18next.t("Files")]} />
        <Table.Body>
          {preview.first.map((run) => (
            <Table.Row key={run.name}>
              <Table.Cell>{run.name}</Table.Cell>
              <Table.Cell>{run.phase}</Table.Cell>
              <Table.Cell>{run.file_keys}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    )}
  </>
);

BulkPreview.propTypes = { preview: PropTypes.object.isRequired };

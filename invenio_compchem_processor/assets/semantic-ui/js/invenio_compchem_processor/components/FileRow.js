// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Icon, Table } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { FileName } from "./FileName";

/** A file without a run: one is coming, it can be processed by hand, or nothing matches it. */
export const FileRow = ({ fileKey, awaited, workflows, columns }) => {
  let text;
  if (awaited) {
    text = (
      <>
        <Icon name="hourglass half" aria-hidden="true" />
        {i18next.t("Waiting for processing to start")}
      </>
    );
  } else if (workflows.length) {
    text = i18next.t("Not processed; can be processed by {{workflows}}", {
      workflows: workflows.join(", "),
    });
  } else {
    text = i18next.t("No workflow processes this file");
  }
  return (
    <Table.Row
      className="compchem-unprocessed"
      data-file={fileKey}
      data-state={awaited ? "awaited" : workflows.length ? "manual" : "unmatched"}
    >
      <Table.Cell>
        <FileName name={fileKey} />
      </Table.Cell>
      <Table.Cell colSpan={columns - 1} className="text-muted">
        {text}
      </Table.Cell>
    </Table.Row>
  );
};

FileRow.propTypes = {
  fileKey: PropTypes.string.isRequired,
  awaited: PropTypes.bool.isRequired,
  workflows: PropTypes.arrayOf(PropTypes.string).isRequired,
  columns: PropTypes.number.isRequired,
};

// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { withState } from "react-searchkit";
import { Table } from "semantic-ui-react";
import Formatter from "@js/invenio_administration/src/components/Formatter";
import { AdminUIRoutes } from "@js/invenio_administration/src/routes";
import { FileName } from "../components/FileName";
import { PhaseBadge } from "../components/PhaseBadge";
import { formatSeconds } from "../components/RunTimes";
import { RunActionButtons } from "./RunActionButtons";

/** invenio-administration's list row layout, registered for the runs page. */
export const RUN_ROW = "InvenioAdministration.SearchResultItem.layout";

/**
 * A column's cell: the run's name opens its page, the record its deposit
 * form, the phase is the panel's badge, the files wrap at their separators,
 * the duration reads as the panel's; the rest as the generic list shows it.
 */
const RunCell = ({ property, result, resourceSchema, detailsURL }) => {
  const links = result.links || {};
  if (property === "phase") {
    return <PhaseBadge run={result} />;
  }
  if (property === "duration") {
    return formatSeconds(result.duration);
  }
  if (property === "file_keys") {
    return <FileName name={result.file_keys || ""} />;
  }
  const value = (
    <Formatter result={result} resourceSchema={resourceSchema} property={property} />
  );
  if (property === "name") {
    return <a href={detailsURL}>{value}</a>;
  }
  if (property === "record_id" && links.record) {
    return <a href={links.record}>{value}</a>;
  }
  return value;
};

RunCell.propTypes = {
  property: PropTypes.string.isRequired,
  result: PropTypes.object.isRequired,
  resourceSchema: PropTypes.object.isRequired,
  detailsURL: PropTypes.string.isRequired,
};

/**
 * One run in the admin list: its columns, then only the actions the run's
 * state allows (its ``links.actions``); the list refreshes after one.
 */
const RunRowComponent = ({
  result,
  columns,
  resourceSchema,
  idKeyPath,
  listUIEndpoint,
  updateQueryState,
  currentQueryState,
}) => (
  <Table.Row data-run={result.name}>
    {columns.map(([property, { text, order }]) => (
      <Table.Cell
        key={`${text}-${order}`}
        data-label={text}
      >
        <RunCell
          property={property}
          result={result}
          resourceSchema={resourceSchema}
          detailsURL={AdminUIRoutes.detailsView(listUIEndpoint, result, idKeyPath)}
        />
      </Table.Cell>
    ))}
    <Table.Cell collapsing>
      <RunActionButtons
        size="tiny"
        actions={(result.links && result.links.actions) || {}}
        onDone={() => updateQueryState(currentQueryState)}
      />
    </Table.Cell>
  </Table.Row>
);

RunRowComponent.propTypes = {
  result: PropTypes.object.isRequired,
  columns: PropTypes.array.isRequired,
  resourceSchema: PropTypes.object.isRequired,
  idKeyPath: PropTypes.string.isRequired,
  listUIEndpoint: PropTypes.string.isRequired,
  updateQueryState: PropTypes.func.isRequired,
  currentQueryState: PropTypes.object.isRequired,
};

export const RunRow = withState(RunRowComponent);

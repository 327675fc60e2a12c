// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { withState } from "react-searchkit";
import { Table } from "semantic-ui-react";
import Formatter from "@js/invenio_administration/src/components/Formatter";
import { AdminUIRoutes } from "@js/invenio_administration/src/routes";
import { RunActionButtons } from "./RunActionButtons";

/** invenio-administration's list row layout, registered for the runs page. */
export const RUN_ROW = "InvenioAdministration.SearchResultItem.layout";

/**
 * One run in the admin list: the generic columns, then only the actions the
 * run's state allows (its ``links.actions``); the list refreshes after one.
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
    {columns.map(([property, { text, order }], index) => {
      const value = (
        <Formatter result={result} resourceSchema={resourceSchema} property={property} />
      );
      return (
        <Table.Cell key={`${text}-${order}`} data-label={text} className="word-break-all">
          {index === 0 ? (
            <a href={AdminUIRoutes.detailsView(listUIEndpoint, result, idKeyPath)}>{value}</a>
          ) : (
            value
          )}
        </Table.Cell>
      );
    })}
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

// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Table } from "semantic-ui-react";

/** A table's header row: one cell per column label. */
export const TableHeader = ({ labels }) => (
  <Table.Header>
    <Table.Row>
      {labels.map((label) => (
        <Table.HeaderCell key={label}>{label}</Table.HeaderCell>
      ))}
    </Table.Row>
  </Table.Header>
);

TableHeader.propTypes = { labels: PropTypes.arrayOf(PropTypes.string).isRequired };

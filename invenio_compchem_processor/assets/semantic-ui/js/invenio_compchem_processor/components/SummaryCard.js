// SPDX-License-Identifier: MIT
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import PropTypes from "prop-types";
import React from "react";
import { Card, Table } from "semantic-ui-react";
import { summaryCard } from "../runs/summaryCard";
import { useOptimisationSteps } from "../runs/useOptimisationSteps";
import { useSummary } from "../runs/useSummary";
import { EnergyChart } from "./EnergyChart";
import { TableHeader } from "./TableHeader";

const Fact = ({ label, value }) =>
  value === null || value === undefined || value === "" ? null : (
    <Table.Row>
      <Table.Cell collapsing>{label}</Table.Cell>
      <Table.Cell>{value}</Table.Cell>
    </Table.Row>
  );

Fact.propTypes = { label: PropTypes.string.isRequired, value: PropTypes.node };
Fact.defaultProps = { value: null };

/**
 * A run's summary as a card: program and version, formula, method, basis,
 * energies with their units, for a periodic calculation its cell, k-points,
 * ionic steps, largest force and pressure, quality verdicts with their
 * evidence and, for an optimisation whose step energies are known, their
 * chart.
 */
export const SummaryCard = ({ summary, steps }) => {
  const card = summaryCard(summary);
  if (!card) {
    return null;
  }
  return (
    <Card fluid className="compchem-summary-card">
      <Card.Content>
        <Card.Header>{card.program}</Card.Header>
        {card.formula && (
          <Card.Meta>
            {card.formula}
            {card.natom !== null && <> · {i18next.t("{{count}} atoms", { count: card.natom })}</>}
          </Card.Meta>
        )}
      </Card.Content>
      <Card.Content>
        <Table compact basic="very" size="small">
          <Table.Body>
            <Fact label={i18next.t("Method")} value={card.method} />
            <Fact label={i18next.t("Basis set")} value={card.basis} />
            {card.finalEnergy && (
              <Fact
                label={i18next.t("Final energy")}
                value={
                  <span className="compchem-final-energy">
                    {card.finalEnergy.value.toFixed(6)} {card.finalEnergy.unit}
                    {card.finalEnergy.method && ` (${card.finalEnergy.method.toUpperCase()})`}
                  </span>
                }
              />
            )}
            {card.energies.map((energy) => (
              <Fact key={energy.name} label={energy.name} value={`${energy.value.toFixed(6)} ${energy.unit}`} />
            ))}
            {card.periodic && (
              <>
                <Fact label={i18next.t("Cell")} value={card.periodic.cell} />
                <Fact label={i18next.t("Volume")} value={card.periodic.volume} />
                <Fact label={i18next.t("k-points")} value={card.periodic.kpoints} />
                <Fact label={i18next.t("Ionic steps")} value={card.periodic.ionicSteps} />
                <Fact label={i18next.t("Largest force")} value={card.periodic.maxForce} />
                <Fact label={i18next.t("Pressure")} value={card.periodic.pressure} />
              </>
            )}
          </Table.Body>
        </Table>
      </Card.Content>
      {card.verdicts.length > 0 && (
        <Card.Content>
          <Table compact basic="very" size="small" className="compchem-verdicts-table">
            <TableHeader
              labels={[i18next.t("Check"), i18next.t("Verdict"), i18next.t("Evidence")]}
            />
            <Table.Body>
              {card.verdicts.map((verdict) => (
                <Table.Row key={verdict.name}>
                  <Table.Cell collapsing>{verdict.name}</Table.Cell>
                  <Table.Cell collapsing>{verdict.status}</Table.Cell>
                  <Table.Cell>
                    <code>{verdict.evidence}</code>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </Card.Content>
      )}
      {steps && steps.length > 1 && (
        <Card.Content>
          <EnergyChart energies={steps} unit={card.finalEnergy ? card.finalEnergy.unit : "hartree"} />
        </Card.Content>
      )}
    </Card>
  );
};

SummaryCard.propTypes = {
  summary: PropTypes.object,
  steps: PropTypes.arrayOf(PropTypes.number),
};
SummaryCard.defaultProps = { summary: null, steps: [] };

/**
 * The card of a summary result file (a media file entry) of a draft, once
 * read; for an optimisation, with its chart of the energy per step.
 */
export const ResultSummaryCard = ({ recordId, entry }) => {
  const summary = useSummary(entry) || null;
  const steps = useOptimisationSteps(recordId, entry, summary);
  return <SummaryCard summary={summary} steps={steps} />;
};

ResultSummaryCard.propTypes = {
  recordId: PropTypes.string.isRequired,
  entry: PropTypes.object.isRequired,
};

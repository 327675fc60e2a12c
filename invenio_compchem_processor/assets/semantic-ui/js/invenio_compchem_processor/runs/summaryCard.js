// SPDX-License-Identifier: MIT
// A summary's content as the rows of its card: QM summaries (cclib-summary)
// and periodic ones (periodic-summary) name their fields differently.
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { isPeriodic, periodicUnit, summaryHeadline } from "./summaryHeadline";

const QM_ENERGY_UNIT = "hartree";

function methodText(summary) {
  const method = summary.method || {};
  const parts = [method.functional, ...(summary.methods || [])].filter(Boolean);
  const extras = [method.dispersion, method.solvent].filter(Boolean);
  return [...new Set(parts)].concat(extras).join(", ") || null;
}

function qmEnergies(summary) {
  const energies = summary.energies || {};
  const unit = energies.unit || QM_ENERGY_UNIT;
  const rows = Object.keys(energies)
    .filter((name) => name !== "unit" && typeof energies[name] === "number")
    .map((name) => ({ name: name.toUpperCase(), value: energies[name], unit }));
  const orbitals = summary.orbitals || {};
  ["homo", "lumo", "gap"]
    .filter((name) => typeof orbitals[name] === "number")
    .forEach((name) => rows.push({ name: name.toUpperCase(), value: orbitals[name], unit }));
  return rows;
}

function periodicEnergies(summary) {
  const unit = periodicUnit(summary, "energy", "eV");
  return [
    [i18next.t("Energy"), summary.energy],
    [i18next.t("Free energy"), summary.free_energy],
  ]
    .filter(([, value]) => typeof value === "number")
    .map(([name, value]) => ({ name, value, unit }));
}

const UNIT_SYMBOLS = { angstrom: "Å", "eV/angstrom": "eV/Å" };

function unitSymbol(summary, quantity, fallback) {
  const unit = periodicUnit(summary, quantity, fallback);
  return UNIT_SYMBOLS[unit] || unit;
}

const number = (value) => typeof value === "number" && Number.isFinite(value);

/**
 * A periodic summary's cell, k-points, ionic steps, largest force and
 * pressure, as texts with their units; null where the output gives none.
 */
function periodicFacts(summary) {
  const cell = summary.cell || {};
  const lengths = (cell.lengths || []).filter(number);
  const angles = (cell.angles || []).filter(number);
  const length = unitSymbol(summary, "length", "angstrom");
  const stress = summary.stress || {};
  return {
    cell:
      lengths.length === 3 && angles.length === 3
        ? `a ${lengths[0].toFixed(4)}, b ${lengths[1].toFixed(4)}, c ${lengths[2].toFixed(4)} ${length}; ` +
          `α ${angles[0].toFixed(2)}°, β ${angles[1].toFixed(2)}°, γ ${angles[2].toFixed(2)}°`
        : null,
    volume: number(cell.volume) ? `${cell.volume.toFixed(3)} ${length}³` : null,
    kpoints: number(summary.kpoints) ? String(summary.kpoints) : null,
    ionicSteps: number(summary.ionic_steps) ? String(summary.ionic_steps) : null,
    maxForce: number(summary.max_force)
      ? `${summary.max_force.toFixed(4)} ${unitSymbol(summary, "force", "eV/angstrom")}`
      : null,
    pressure: number(stress.pressure) ? `${stress.pressure.toFixed(3)} ${unitSymbol(summary, "stress", "GPa")}` : null,
  };
}

/** Everything the card shows, or null for no summary. */
export function summaryCard(summary) {
  const headline = summaryHeadline(summary);
  if (!headline) {
    return null;
  }
  const periodic = isPeriodic(summary);
  return {
    ...headline,
    natom: typeof summary.natom === "number" ? summary.natom : null,
    method: methodText(summary),
    basis: summary.basis_set || null,
    energies: periodic ? periodicEnergies(summary) : qmEnergies(summary),
    periodic: periodic ? periodicFacts(summary) : null,
    finalEnergy:
      !periodic && summary.final_energy && typeof summary.final_energy.value === "number"
        ? { ...summary.final_energy, unit: (summary.energies && summary.energies.unit) || QM_ENERGY_UNIT }
        : null,
  };
}

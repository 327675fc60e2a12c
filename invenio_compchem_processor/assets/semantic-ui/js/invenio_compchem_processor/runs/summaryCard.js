// SPDX-License-Identifier: MIT
// A summary's content as the rows of its card: QM summaries (cclib-summary)
// and periodic ones (periodic-summary) name their fields differently.
import { summaryHeadline } from "./summaryHeadline";

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
  const unit = (summary.units && summary.units.energy) || "eV";
  return [
    ["energy", summary.energy],
    ["free energy", summary.free_energy],
  ]
    .filter(([, value]) => typeof value === "number")
    .map(([name, value]) => ({ name, value, unit }));
}

/** Everything the card shows, or null for no summary. */
export function summaryCard(summary) {
  const headline = summaryHeadline(summary);
  if (!headline) {
    return null;
  }
  const periodic = typeof summary.energy === "number" || Boolean(summary.cell);
  return {
    ...headline,
    natom: typeof summary.natom === "number" ? summary.natom : null,
    method: methodText(summary),
    basis: summary.basis_set || null,
    energies: periodic ? periodicEnergies(summary) : qmEnergies(summary),
    finalEnergy:
      !periodic && summary.final_energy && typeof summary.final_energy.value === "number"
        ? { ...summary.final_energy, unit: (summary.energies && summary.energies.unit) || QM_ENERGY_UNIT }
        : null,
  };
}

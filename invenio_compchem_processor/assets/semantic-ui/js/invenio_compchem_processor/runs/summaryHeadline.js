// SPDX-License-Identifier: MIT
// The one line a chemist reads first from a run's summary.

// Most accurate first, for summaries that give energies by method only.
const ENERGY_ORDER = ["ccsd_t", "ccsd(t)", "ccsd", "mp4", "mp3", "mp2", "dft", "scf"];
const SHORT_METHOD = 8;

function programVersion(summary) {
  if (summary.program_version) {
    return summary.program_version; // e.g. "16 Rev. A.03", "6.0.1"
  }
  const legacy = summary.program_legacy_version || "";
  return legacy.replace(/^(\d+)revision(.+)$/, "$1 revision $2"); // "16revisionA.03"
}

function bestEnergy(energies) {
  const methods = Object.keys(energies || {}).filter(
    (key) => key !== "unit" && typeof energies[key] === "number"
  );
  if (!methods.length) {
    return null;
  }
  const rank = (m) => {
    const i = ENERGY_ORDER.indexOf(m.toLowerCase());
    return i < 0 ? ENERGY_ORDER.length : i;
  };
  const best = methods.sort((a, b) => rank(a) - rank(b))[0];
  return { value: energies[best], method: best };
}

/** Whether ``summary`` is periodic-summary's: an energy of its own, or a cell. */
export const isPeriodic = (summary) => typeof summary.energy === "number" || Boolean(summary.cell);

/** The unit periodic-summary wrote ``quantity`` in, else ``fallback``. */
export const periodicUnit = (summary, quantity, fallback) =>
  (summary.units && summary.units[quantity]) || fallback;

function finalEnergy(summary) {
  if (isPeriodic(summary)) {
    // The last ionic step's energy, in the code's unit.
    return typeof summary.energy === "number"
      ? `${summary.energy.toFixed(6)} ${periodicUnit(summary, "energy", "eV")}`
      : null;
  }
  const unit = (summary.energies && summary.energies.unit) || "hartree";
  const final =
    summary.final_energy && typeof summary.final_energy.value === "number"
      ? summary.final_energy
      : bestEnergy(summary.energies);
  if (!final) {
    return null;
  }
  const method = final.method && final.method.length <= SHORT_METHOD ? `${final.method.toUpperCase()} ` : "";
  return `${method}${final.value.toFixed(6)} ${unit}`;
}

/**
 * The summary's quality verdicts, e.g. "termination normal", "scf converged";
 * md-summary lists them with their check's name ("finished passed"). Names
 * and statuses read as words ("energy drift not checked", not
 * "energy_drift not_checked").
 */
function verdicts(summary) {
  const named = Array.isArray(summary.verdicts)
    ? summary.verdicts.map((verdict) => [verdict && verdict.check, verdict])
    : Object.entries(summary.verdicts || {});
  return named
    .filter(([name, verdict]) => name && verdict && verdict.status)
    .map(([name, verdict]) => ({
      name: name.replace(/_/g, " "),
      status: verdict.status.replace(/_/g, " "),
      evidence: verdict.evidence || "",
    }));
}

const MOLECULE_KINDS = ["protein", "nucleic", "lipid", "water", "ion", "other"];

/** An MD system in a few words: "33876 atoms: 1 protein, 10636 water, 8 ion". */
function mdSystem(summary) {
  const system = summary.system || {};
  const atoms = typeof system.atoms === "number" ? system.atoms : summary.natom;
  if (typeof atoms !== "number") {
    return null;
  }
  const molecules = system.molecules || {};
  const kinds = MOLECULE_KINDS.filter((kind) => molecules[kind] > 0).map(
    (kind) => `${molecules[kind]} ${kind}`
  );
  return `${atoms} atoms${kinds.length ? `: ${kinds.join(", ")}` : ""}`;
}

/** An MD run in a few words: "md, 0.06 ps". */
function mdRun(summary) {
  const run = summary.run || {};
  const parts = [run.integrator, typeof run.simulated_time_ps === "number" && `${run.simulated_time_ps} ps`];
  return parts.filter(Boolean).join(", ") || null;
}

/** Program and version, formula, final energy and verdicts, as parts to show. */
export function summaryHeadline(summary) {
  if (!summary) {
    return null;
  }
  if (summary.kind === "molecular-dynamics") {
    return {
      program: [summary.program, summary.program_version].filter(Boolean).join(" "),
      formula: mdSystem(summary),
      energy: mdRun(summary),
      verdicts: verdicts(summary),
    };
  }
  return {
    program: [summary.program, programVersion(summary)].filter(Boolean).join(" "),
    formula: summary.formula || null,
    energy: finalEnergy(summary),
    verdicts: verdicts(summary),
  };
}

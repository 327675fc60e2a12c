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

function finalEnergy(summary) {
  if (typeof summary.energy === "number") {
    // A periodic summary: the last ionic step's energy, in the code's unit.
    return `${summary.energy.toFixed(6)} ${(summary.units && summary.units.energy) || "eV"}`;
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

/** The summary's quality verdicts, e.g. "termination normal", "scf converged". */
function verdicts(summary) {
  return Object.entries(summary.verdicts || {})
    .filter(([, verdict]) => verdict && verdict.status)
    .map(([name, verdict]) => ({ name, status: verdict.status, evidence: verdict.evidence || "" }));
}

/** Program and version, formula, final energy and verdicts, as parts to show. */
export function summaryHeadline(summary) {
  if (!summary) {
    return null;
  }
  return {
    program: [summary.program, programVersion(summary)].filter(Boolean).join(" "),
    formula: summary.formula || null,
    energy: finalEnergy(summary),
    verdicts: verdicts(summary),
  };
}

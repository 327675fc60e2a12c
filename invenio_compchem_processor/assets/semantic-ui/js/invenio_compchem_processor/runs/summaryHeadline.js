// SPDX-License-Identifier: MIT
// The one line a chemist reads first from a run's summary.

// Most accurate first: the final energy is the best method's.
const ENERGY_ORDER = ["ccsd_t", "ccsd(t)", "ccsd", "mp4", "mp3", "mp2", "dft", "scf"];

/** "16revisionA.03" (Gaussian's own spelling) reads "16 revision A.03". */
function programVersion(summary) {
  const legacy = summary.program_legacy_version;
  if (legacy) {
    return legacy.replace(/^(\d+)revision(.+)$/, "$1 revision $2");
  }
  return summary.program_version || "";
}

function finalEnergy(energies) {
  if (!energies) {
    return null;
  }
  const methods = Object.keys(energies).filter(
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
  return { method: best.toUpperCase(), value: energies[best], unit: energies.unit || "hartree" };
}

/** Program and version, formula and final energy, as parts to show. */
export function summaryHeadline(summary) {
  if (!summary) {
    return null;
  }
  const energy = finalEnergy(summary.energies);
  return {
    program: [summary.program, programVersion(summary)].filter(Boolean).join(" "),
    formula: summary.formula || null,
    energy: energy
      ? `${energy.method} ${energy.value.toFixed(6)} ${energy.unit}`
      : null,
  };
}

// SPDX-License-Identifier: MIT
// Energies per optimisation step as the points of a small SVG line chart.

/**
 * Points ("x,y ...") of ``energies`` in a ``width`` x ``height`` box with
 * ``pad`` around it, the lowest energy at the bottom; null for fewer than two.
 */
export function chartPoints(energies, width, height, pad) {
  if (!energies || energies.length < 2) {
    return null;
  }
  const low = Math.min(...energies);
  const high = Math.max(...energies);
  const span = high - low || 1;
  const step = (width - 2 * pad) / (energies.length - 1);
  return energies
    .map((energy, i) => {
      const x = pad + i * step;
      const y = pad + ((high - energy) / span) * (height - 2 * pad);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
}

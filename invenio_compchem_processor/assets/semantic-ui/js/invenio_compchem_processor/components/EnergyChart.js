// SPDX-License-Identifier: MIT
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import PropTypes from "prop-types";
import React from "react";
import { chartPoints } from "../runs/energyChart";

const WIDTH = 320;
const HEIGHT = 120;
const PAD = 8;

/** The energy of each optimisation step, as an inline SVG line. */
export const EnergyChart = ({ energies, unit }) => {
  const points = chartPoints(energies, WIDTH, HEIGHT, PAD);
  if (!points) {
    return null;
  }
  const first = energies[0];
  const last = energies[energies.length - 1];
  const title = i18next.t("Energy per optimisation step");
  return (
    <figure className="compchem-energy-chart">
      <figcaption>
        <strong>{title}</strong> ({unit})
      </figcaption>
      <svg
        role="img"
        aria-label={title}
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      >
        <rect x="0" y="0" width={WIDTH} height={HEIGHT} fill="none" stroke="#ccc" />
        <polyline points={points} fill="none" stroke="#2185d0" strokeWidth="2" />
      </svg>
      <div className="text-muted">
        {i18next.t("{{count}} steps, from {{first}} to {{last}}", {
          count: energies.length,
          first: first.toFixed(6),
          last: last.toFixed(6),
        })}
      </div>
    </figure>
  );
};

EnergyChart.propTypes = {
  energies: PropTypes.arrayOf(PropTypes.number).isRequired,
  unit: PropTypes.string.isRequired,
};

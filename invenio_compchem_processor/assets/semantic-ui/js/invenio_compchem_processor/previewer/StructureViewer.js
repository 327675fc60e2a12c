// SPDX-License-Identifier: MIT
import * as $3Dmol from "3dmol";
import PropTypes from "prop-types";
import React, { useEffect, useRef } from "react";

const STYLE = { stick: { radius: 0.15 }, sphere: { scale: 0.25 } };
// zoomTo fits the atoms' centres; the spheres at the edge need a margin.
const MARGIN = 0.85;

/** A structure drawn by 3Dmol.js: drag to rotate, scroll to zoom. */
export const StructureViewer = ({ structure }) => {
  const box = useRef(null);
  useEffect(() => {
    const viewer = $3Dmol.createViewer(box.current, { backgroundColor: "white" });
    const options = structure.format === "cif" ? { doAssembly: true, normalizeAssembly: true } : {};
    viewer.addModel(structure.text, structure.format, options);
    viewer.setStyle({}, STYLE);
    if (structure.format === "cif") {
      viewer.addUnitCell();
    }
    viewer.zoomTo();
    viewer.zoom(MARGIN);
    viewer.render();
    return () => viewer.clear();
  }, [structure]);
  return <div ref={box} className="compchem-structure-viewer" style={{ position: "absolute", inset: 0 }} />;
};

StructureViewer.propTypes = {
  structure: PropTypes.shape({ text: PropTypes.string, format: PropTypes.string }).isRequired,
};

// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { summaryHeadline } from "../runs/summaryHeadline";
import { useSummary } from "../runs/useSummary";

/** The summary's headline of one source file, and its quality verdicts. */
export const SummaryHeadline = ({ entry }) => {
  const headline = summaryHeadline(useSummary(entry));
  if (!headline) {
    return null;
  }
  return (
    <>
      <div className="compchem-headline">
        <strong>{headline.program}</strong>
        {headline.formula && <> · {headline.formula}</>}
        {headline.energy && <> · {headline.energy}</>}
      </div>
      {headline.verdicts.length > 0 && (
        <div className="compchem-verdicts text-muted">
          {headline.verdicts.map((verdict, i) => (
            <span key={verdict.name} title={verdict.evidence}>
              {i > 0 && " · "}
              {verdict.name} {verdict.status}
            </span>
          ))}
        </div>
      )}
    </>
  );
};

SummaryHeadline.propTypes = { entry: PropTypes.object.isRequired };

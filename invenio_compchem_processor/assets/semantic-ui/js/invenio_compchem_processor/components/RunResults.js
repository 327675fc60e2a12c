// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { Icon, List } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { SummaryHeadline } from "./SummaryHeadline";

// The run's metadata of a source, else the summary a processor wrote for it
// (md-summary's is ``.md.json``).
const SUMMARY_SUFFIXES = [".compchem.json", ".summary.json", ".md.json"];

/** Result files of a run by source file: the headline, then links to each. */
export const RunResults = ({ run, results }) => {
  const mine = results.filter((entry) => entry.metadata.compchem_run.run === run.name);
  if (!mine.length) {
    return null;
  }
  const sources = [...new Set(mine.map((e) => e.metadata.compchem_run.source))].sort();
  return (
    <div className="compchem-results">
      {sources.map((source) => {
        const files = mine.filter((e) => e.metadata.compchem_run.source === source);
        const summary = SUMMARY_SUFFIXES.map((suffix) =>
          files.find((e) => e.key === `${source}${suffix}`)
        ).find(Boolean);
        return (
          <div key={source} className="compchem-result">
            {run.files.length > 1 && <div className="text-muted">{source}</div>}
            {summary && <SummaryHeadline entry={summary} />}
            <List horizontal size="small" aria-label={i18next.t("Results of {{file}}", { file: source })}>
              {files.map((entry) => (
                <List.Item key={entry.key}>
                  <a href={entry.links.content} download={entry.key}>
                    <Icon name="file alternate outline" aria-hidden="true" />
                    {entry.key.startsWith(`${source}.`) ? entry.key.slice(source.length + 1) : entry.key}
                  </a>
                </List.Item>
              ))}
            </List>
          </div>
        );
      })}
    </div>
  );
};

RunResults.propTypes = {
  run: PropTypes.object.isRequired,
  results: PropTypes.array.isRequired,
};

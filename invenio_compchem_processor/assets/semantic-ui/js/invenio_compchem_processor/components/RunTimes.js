// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";

export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return i18next.t("{{count}} s", { count: s });
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return i18next.t("{{m}} min {{s}} s", { m, s: s % 60 });
  }
  return i18next.t("{{h}} h {{m}} min", { h: Math.floor(m / 60), m: m % 60 });
}

/** Seconds as ``formatDuration`` words them; "–" when there are none. */
export function formatSeconds(seconds) {
  return seconds === null || seconds === undefined ? "–" : formatDuration(seconds);
}

const clock = (iso) => new Date(iso).toLocaleTimeString();

/** When the run started and finished, and how long it took (or has taken). */
export const RunTimes = ({ run, now }) => {
  const { started, finished } = run.status;
  if (!started) {
    return <span className="text-muted">{i18next.t("Not started")}</span>;
  }
  const end = finished ? new Date(finished) : now;
  const duration = formatDuration((end - new Date(started)) / 1000);
  return (
    <span className="compchem-times">
      <time
        dateTime={started}
        title={new Date(started).toLocaleString()}
        style={{ whiteSpace: "nowrap" }}
      >
        {clock(started)}
      </time>
      {finished && (
        <>
          {"\u00a0– "}
          <time
            dateTime={finished}
            title={new Date(finished).toLocaleString()}
            style={{ whiteSpace: "nowrap" }}
          >
            {clock(finished)}
          </time>
        </>
      )}
      <br />
      <span className="text-muted">
        {finished
          ? i18next.t("took {{duration}}", { duration })
          : i18next.t("for {{duration}}", { duration })}
      </span>
    </span>
  );
};

RunTimes.propTypes = {
  run: PropTypes.object.isRequired,
  now: PropTypes.instanceOf(Date).isRequired,
};

// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useEffect, useState } from "react";
import { Label, Icon } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { countActive } from "./api";
import { currentQuery } from "./searchQuery";

/**
 * Refreshes the search results while runs are active.
 *
 * The search app follows the address bar, so a ``popstate`` makes it search
 * again with the same filters, page and sort.
 */
export const AutoRefresh = ({ seconds }) => {
  const [active, setActive] = useState(null);
  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      try {
        const count = await countActive(currentQuery());
        if (stopped) return;
        setActive(count);
        if (count > 0) window.dispatchEvent(new PopStateEvent("popstate"));
      } catch (error) {
        if (!stopped) setActive(null);
      }
    };
    tick();
    const timer = setInterval(tick, seconds * 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [seconds]);
  if (active === null) return null;
  return (
    <Label basic className="compchem-admin-refresh" color={active ? "blue" : undefined}>
      <Icon name={active ? "sync" : "check"} loading={active > 0} />
      {active
        ? i18next.t("{{count}} active runs; refreshing every {{seconds}} s", {
            count: active,
            seconds,
          })
        : i18next.t("No active runs")}
    </Label>
  );
};

AutoRefresh.propTypes = { seconds: PropTypes.number.isRequired };

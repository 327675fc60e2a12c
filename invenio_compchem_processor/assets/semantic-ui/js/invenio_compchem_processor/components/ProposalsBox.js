// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useEffect, useState } from "react";
import { Header, Segment } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { listProposals } from "../api";
import { Proposal } from "./Proposal";

/**
 * The record page's box of the reprocessing proposals its owner may answer.
 * Only proposals with an ``accept`` link are shown: others (an administrator
 * reading, an answered proposal) and a refused request (403 for anyone but
 * the owner) show nothing.
 */
export const ProposalsBox = ({ recordId }) => {
  const [proposals, setProposals] = useState([]);
  useEffect(() => {
    listProposals(recordId)
      .then((hits) => setProposals(hits.filter((hit) => hit.links.accept)))
      .catch(() => setProposals([]));
  }, [recordId]);
  if (proposals.length === 0) {
    return null;
  }
  return (
    <section
      id="compchem-proposals"
      className="sidebar-container"
      aria-labelledby="compchem-proposals-title"
    >
      <Header as="h2" size="medium" attached="top" className="mt-0" id="compchem-proposals-title">
        {i18next.t("Reprocessing proposed")}
      </Header>
      <Segment attached="bottom" className="rdm-sidebar">
        {proposals.map((proposal) => (
          <Proposal key={proposal.id} proposal={proposal} />
        ))}
      </Segment>
    </section>
  );
};

ProposalsBox.propTypes = { recordId: PropTypes.string.isRequired };

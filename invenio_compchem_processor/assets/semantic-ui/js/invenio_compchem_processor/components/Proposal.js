// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useCallback, useState } from "react";
import { Button, List, Message } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { apiError, linkAction } from "../api";
import { useSingleFlight } from "./useSingleFlight";

/** "name version" of each workflow that would reprocess the files, once each. */
const processing = (files) =>
  [
    ...new Set(
      files.filter((f) => f.workflow).map((f) => `${f.workflow.name} ${f.workflow.version}`)
    ),
  ].join(", ");

/** What the owner answered: the new version draft to open, or nothing done. */
const Answer = ({ answer }) =>
  answer.accepted ? (
    <Message positive size="small" className="compchem-proposal-accepted">
      <p>
        {answer.runs.length === 1
          ? i18next.t("Accepted: a new version draft was made; a run processes its file.")
          : i18next.t("Accepted: a new version draft was made; {{count}} runs process its files.", {
              count: answer.runs.length,
            })}
      </p>
      <a
        href={`/uploads/${encodeURIComponent(answer.new_record_id)}`}
        className="ui small primary button compchem-proposal-new-version"
      >
        {i18next.t("Open the new version")}
      </a>
    </Message>
  ) : (
    <Message size="small" className="compchem-proposal-declined">
      {i18next.t("Declined: the record stays as it is.")}
    </Message>
  );

Answer.propTypes = { answer: PropTypes.object.isRequired };

/**
 * A reprocessing campaign's proposal to the record's owner: the files it would
 * process again and with what. Accepting makes a new version draft in which
 * they are processed; declining keeps the record as it is. The published
 * record itself is never changed.
 */
export const Proposal = ({ proposal: initial }) => {
  const [proposal, setProposal] = useState(initial);
  const [problem, setProblem] = useState(null);
  const answer = useCallback(
    async (action) => {
      setProblem(null);
      try {
        setProposal(await linkAction(proposal, action));
      } catch (error) {
        setProblem(apiError(error).message);
      }
    },
    [proposal]
  );
  const [send, busy] = useSingleFlight(answer);
  const { files, links } = proposal;
  return (
    <div className="compchem-proposal" data-campaign={proposal.id}>
      <p>
        {files.length === 1
          ? i18next.t("The repository proposes reprocessing 1 file with {{processing}}.", {
              processing: processing(files),
            })
          : i18next.t("The repository proposes reprocessing {{count}} files with {{processing}}.", {
              count: files.length,
              processing: processing(files),
            })}
      </p>
      <List bulleted size="small">
        {files.map((file) => (
          <List.Item key={`${file.record_id}/${file.key}`}>
            <code>{file.key}</code>{" "}
            {file.processor_version &&
              i18next.t("(results of version {{version}})", { version: file.processor_version })}
          </List.Item>
        ))}
      </List>
      {proposal.answer && <Answer answer={proposal.answer} />}
      {links.accept && (
        <>
          <p className="text-muted">
            {i18next.t(
              "Accept: a new version draft of the record is made and these files are processed in it. Decline: nothing changes."
            )}
          </p>
          <Button
            type="button"
            primary
            size="small"
            loading={busy}
            disabled={busy}
            className="compchem-proposal-accept"
            onClick={() => send("accept")}
          >
            {i18next.t("Accept")}
          </Button>
          <Button
            type="button"
            size="small"
            disabled={busy}
            className="compchem-proposal-decline"
            onClick={() => send("decline")}
          >
            {i18next.t("Decline")}
          </Button>
        </>
      )}
      {problem && (
        <Message warning visible size="tiny" role="alert" className="compchem-proposal-problem">
          {problem}
        </Message>
      )}
    </div>
  );
};

Proposal.propTypes = { proposal: PropTypes.object.isRequired };

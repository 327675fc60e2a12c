// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React, { useCallback, useRef, useState } from "react";
import { Button, Form, Icon, Message, Modal } from "semantic-ui-react";
import { i18next } from "@translations/invenio_compchem_processor/i18next";
import { apiError, linkAction, startRun } from "../api";
import { Dialog } from "./Dialog";
import { useSingleFlight } from "./useSingleFlight";

/**
 * "Process files": a workflow of the draft, the files it matches, one run over
 * the ticked ones. Files held by an active run are refused (409); the dialog
 * names the blocking runs and offers to stop them first.
 */
export const ProcessFilesModal = ({ recordId, workflows, runs, onChanged }) => {
  const [open, setOpen] = useState(false);
  const [workflowName, setWorkflowName] = useState("");
  const [ticked, setTicked] = useState([]);
  const [problem, setProblem] = useState(null);
  const [stopped, setStopped] = useState(false);
  const workflowSelect = useRef(null);
  const workflow = workflows.find((w) => w.name === workflowName) || null;

  const reset = (name) => {
    setWorkflowName(name);
    setTicked([]);
    setProblem(null);
    setStopped(false);
  };
  const openModal = () => {
    reset(workflows.length === 1 ? workflows[0].name : "");
    setOpen(true);
  };
  const toggle = (key) =>
    setTicked(ticked.includes(key) ? ticked.filter((k) => k !== key) : [...ticked, key]);

  const start = useCallback(async () => {
    setProblem(null);
    setStopped(false);
    try {
      const run = await startRun(recordId, workflowName, ticked);
      setOpen(false);
      onChanged(run);
    } catch (error) {
      setProblem(apiError(error));
    }
  }, [recordId, workflowName, ticked, onChanged]);
  const [startOnce, starting] = useSingleFlight(start);

  const blockingRuns = problem
    ? runs.filter((run) => problem.blocking.includes(run.name) && run.links.stop)
    : [];
  const stopBlocking = useCallback(async () => {
    try {
      for (const run of blockingRuns) {
        onChanged(await linkAction(run, "stop"));
      }
      setStopped(true);
      setProblem(null);
    } catch (error) {
      setProblem(apiError(error));
    }
  }, [blockingRuns, onChanged]);
  const [stopOnce, stopping] = useSingleFlight(stopBlocking);

  return (
    <Dialog
      open={open}
      onClose={() => setOpen(false)}
      size="small"
      titleId="compchem-process-title"
      title={i18next.t("Process files")}
      focusRef={workflowSelect}
      trigger={
        <Button
          type="button"
          size="small"
          primary
          icon
          labelPosition="left"
          disabled={!workflows.length}
          onClick={openModal}
          className="compchem-process-files"
        >
          <Icon name="cogs" aria-hidden="true" />
          {i18next.t("Process files")}
        </Button>
      }
    >
      <Modal.Content>
        <Form id="compchem-process-form" onSubmit={() => startOnce()}>
          <Form.Field>
            <label htmlFor="compchem-workflow">{i18next.t("Workflow")}</label>
            <select
              id="compchem-workflow"
              value={workflowName}
              ref={workflowSelect}
              onChange={(e) => reset(e.target.value)}
            >
              <option value="">{i18next.t("Choose a workflow")}</option>
              {workflows.map((w) => (
                <option key={w.name} value={w.name}>
                  {w.title || w.name}
                </option>
              ))}
            </select>
          </Form.Field>
          {workflow && workflow.description && <p className="text-muted">{workflow.description}</p>}
          {workflow && (
            <fieldset className="compchem-file-choice" style={{ border: 0, padding: 0 }}>
              <legend>{i18next.t("Files this workflow can process")}</legend>
              {workflow.files.map((key) => (
                <Form.Field key={key}>
                  <div className="ui checkbox">
                    <input
                      type="checkbox"
                      id={`compchem-file-${key}`}
                      checked={ticked.includes(key)}
                      onChange={() => toggle(key)}
                    />
                    <label htmlFor={`compchem-file-${key}`}>{key}</label>
                  </div>
                </Form.Field>
              ))}
            </fieldset>
          )}
        </Form>
        {problem && (
          <Message warning visible role="alert" className="compchem-start-problem">
            <Message.Header>
              {problem.blocking.length
                ? i18next.t("These files are held by a run that has not ended")
                : i18next.t("The run could not be started")}
            </Message.Header>
            <p>{problem.message}</p>
            {problem.blocking.length > 0 && (
              <>
                <p>
                  {i18next.t("Held by run: {{runs}}", { runs: problem.blocking.join(", ") })}
                </p>
                {blockingRuns.length > 0 && (
                  <Button
                    type="button"
                    size="small"
                    color="red"
                    basic
                    loading={stopping}
                    disabled={stopping}
                    onClick={() => stopOnce()}
                    className="compchem-stop-blocking"
                  >
                    {i18next.t("Stop them first")}
                  </Button>
                )}
              </>
            )}
          </Message>
        )}
        {stopped && (
          <Message info role="status">
            {i18next.t(
              "Stop requested. Start again once the runs show Stopped."
            )}
          </Message>
        )}
      </Modal.Content>
      <Modal.Actions>
        <Button type="button" onClick={() => setOpen(false)}>
          {i18next.t("Cancel")}
        </Button>
        <Button
          primary
          type="submit"
          form="compchem-process-form"
          loading={starting}
          disabled={starting || !workflow || !ticked.length}
          className="compchem-start-run"
        >
          {ticked.length > 1
            ? i18next.t("Start one run over {{count}} files", { count: ticked.length })
            : i18next.t("Start run")}
        </Button>
      </Modal.Actions>
    </Dialog>
  );
};

ProcessFilesModal.propTypes = {
  recordId: PropTypes.string.isRequired,
  workflows: PropTypes.array.isRequired,
  runs: PropTypes.array.isRequired,
  onChanged: PropTypes.func.isRequired,
};

# SPDX-License-Identifier: MIT
"""A run's steps on its work directory, over the run client; stdlib only.

``download`` puts the run's files in ``WORK_DIR/in`` under local names
(``inputs.json`` keeps which name is which key); each processor writes to
``WORK_DIR/out/<its name>`` with a ``results.json`` manifest; ``upload``
sends every processor's outputs and each input's summary as its metadata;
``end`` ends the run's context. The Argo template's containers run them as
``python3 -m invenio_compchem_processor.run_client download|upload|end``;
the local engine calls them in its worker.
"""

import glob
import json
import os
import sys

from .result_names import local_name, result_name
from .run_client import CallbackError, RunClient

INPUTS_MANIFEST = "inputs.json"
RESULTS_MANIFEST = "results.json"
SUMMARY_SUFFIX = ".summary.json"
TERMINATION_LOG = "/dev/termination-log"
"""Kubernetes' default ``terminationMessagePath``: what a container writes
there becomes its termination message, which Argo puts in the step's and the
run's message (``write-results: Error (exit code 1): <message>``)."""
TERMINATION_MESSAGE_BYTES = 4096
"""Kubernetes keeps at most this much of a container's termination message."""


def count_files(count):
    """``count`` with its noun: "1 file", "3 files"."""
    return f"{count} file" if count == 1 else f"{count} files"


def download_inputs(client, keys, work_dir):
    """Download the run's files to ``work_dir/in``; keep which name is which key."""
    if not (
        isinstance(keys, list) and keys and all(isinstance(k, str) and k for k in keys)
    ):
        raise CallbackError("the run's files must be a non-empty list of file keys")
    in_dir = os.path.join(work_dir, "in")
    os.makedirs(in_dir, exist_ok=True)
    names = {}
    for number, key in enumerate(keys, 1):
        name = local_name(key, number)
        client.download(key, os.path.join(in_dir, name))
        names[name] = key
        client.log(f"[{number}/{len(keys)}] {key}: downloaded")
    with open(os.path.join(work_dir, INPUTS_MANIFEST), "w") as fp:
        json.dump(names, fp)
    client.progress(f"Downloaded {count_files(len(keys))}", 0, len(keys), final=True)
    return names


def _manifests(work_dir, inputs):
    """Per key, per processor: ``(output dir, manifest entry, processor)``."""
    found = {key: {} for key in inputs.values()}
    pattern = os.path.join(work_dir, "out", "*", RESULTS_MANIFEST)
    for path in sorted(glob.glob(pattern)):
        with open(path) as fp:
            manifest = json.load(fp)
        about = manifest.get("processor") or {}
        name = about.get("name") or os.path.basename(os.path.dirname(path))
        for entry in manifest.get("results") or []:
            key = inputs.get(entry.get("input"))
            if key is not None:
                found[key][name] = (os.path.dirname(path), entry, about)
    return found


def _outputs(key, out_dir, entry):
    """``(result name, bytes)`` of a processor's outputs for ``key``, and its summary."""
    results, summary = [], None
    local = entry.get("input", "")
    for output in entry.get("outputs") or []:
        with open(os.path.join(out_dir, output), "rb") as fp:
            data = fp.read()
        suffix = output[len(local) :] if output.startswith(local) else ""
        if not suffix.startswith("."):
            suffix = "." + output
        results.append((result_name(key, suffix), data))
        if output.endswith(SUMMARY_SUFFIX):
            summary = json.loads(data)
    return results, summary


def upload_results(client, work_dir):
    """Upload every processor's outputs and each source's summary as metadata.

    Each input's results go in one request per processor, with the progress
    report of that input (the last input's: the run's message). Returns
    ``(message, failed keys)``: a key fails when no processor succeeded on
    it or one reported it failed; the message then gives each failed file
    with the processor's reason, for the depositor.
    """
    with open(os.path.join(work_dir, INPUTS_MANIFEST)) as fp:
        inputs = json.load(fp)
    found = _manifests(work_dir, inputs)
    failed = {}
    for key, by_processor in found.items():
        ok = bool(by_processor)
        reasons = []
        for _, entry, _ in by_processor.values():
            ok = ok and entry.get("status") == "succeeded"
            if entry.get("reason"):
                reasons.append(entry["reason"])
                client.log(f"{key}: {entry['reason']}")
        if not ok:
            failed[key] = "; ".join(reasons) or "no processor produced results"
    message = f"{len(found) - len(failed)} of {count_files(len(found))} processed"
    if failed:
        message = "; ".join(f"{key}: {reason}" for key, reason in failed.items())
    total = len(found)
    for done, (key, by_processor) in enumerate(found.items(), 1):
        last = done == total
        report = (message if last else f"Stored the results of {key}", done, total)
        batches = []
        for out_dir, entry, about in by_processor.values():
            results, summary = _outputs(key, out_dir, entry)
            if results:
                batches.append((results, summary, about))
        reported = False
        for number, (results, summary, about) in enumerate(batches, 1):
            with_report = report if number == len(batches) else None
            reported = client.write_results(key, results, summary, about, with_report)
        if not reported:
            client.progress(*report, final=last)
        client.log(f"[{done}/{total}] {key}: results stored")
    return message, list(failed)


def report_termination(message, path=None):
    """Leave ``message`` (the reason, in the depositor's words) as the
    container's termination message, cut to what Kubernetes keeps.

    Written only where Kubernetes mounted the file (``path``, by default
    ``$TERMINATION_LOG`` or :data:`TERMINATION_LOG`): elsewhere (a
    developer's machine) nothing is created."""
    path = path or os.environ.get("TERMINATION_LOG") or TERMINATION_LOG
    if not os.path.isfile(path):
        return False
    data = message.encode("utf-8")
    if len(data) > TERMINATION_MESSAGE_BYTES:
        cut = data[: TERMINATION_MESSAGE_BYTES - 3].decode("utf-8", "ignore")
        data = (cut + "…").encode("utf-8")
    with open(path, "wb") as fp:
        fp.write(data)
    return True


def main(argv=None):
    """Script entry point: ``download``, ``upload`` or ``end``; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] not in ("download", "upload", "end"):
        print("usage: run_client download|upload|end", file=sys.stderr)
        return 2
    client = RunClient(
        os.environ["API_URL"],
        os.environ.pop("RUN_CREDENTIAL"),
        attempts=int(os.environ.get("HTTP_ATTEMPTS", "6")),
        delay=float(os.environ.get("HTTP_RETRY_DELAY", "2")),
        log=lambda text: print(text, flush=True),
    )
    work_dir = os.environ.get("WORK_DIR", "/work")
    try:
        if argv[0] == "download":
            download_inputs(client, json.loads(os.environ["RUN_FILES"]), work_dir)
        elif argv[0] == "upload":
            message, failed = upload_results(client, work_dir)
            print(message, flush=True)
            if failed:
                report_termination(message)
                return 1
            return 0
        else:
            phase = os.environ.get("RUN_PHASE", "")
            note = "" if client.end(phase) else " (context already closed)"
            print(f"run ended, phase {phase}{note}", flush=True)
    except (CallbackError, ValueError, OSError) as error:
        print(f"{error}; giving up", file=sys.stderr)
        return 1
    return 0


# SPDX-License-Identifier: MIT
"""The energy of each optimisation step, read again from the source output.

Summaries keep the final energy only; the chart of an optimisation needs
every step's SCF energy, which cclib reads from the summary's source output,
a file of the same record: the ``source`` of the result's ``compchem_run``
provenance (the summary's own ``source.filename`` is the name the run gave
its input, e.g. ``input-1.out``), else the summary's key without
``.summary.json``. It is read only for an
optimisation, only when the output is within the previewers' size limit
(``COMPCHEM_PROCESSOR_PREVIEW_MAX_BYTES``), and only with the viewer's own
identity; anything else gives no chart rather than an error.
"""

import os
import shutil
import tempfile

from flask import current_app, g

from ._reading import max_bytes


def _is_optimisation(summary):
    return bool(summary) and "optimisation" in (summary.get("verdicts") or {})


def _files_service(record):
    from invenio_rdm_records.proxies import current_rdm_records_service

    draft = getattr(record, "_record", None) is not None and record._record.is_draft
    return current_rdm_records_service.draft_files if draft else current_rdm_records_service.files


def _scf_energies(path):
    import cclib
    from cclib.parser.utils import convertor

    data = cclib.io.ccread(path)
    energies = getattr(data, "scfenergies", None)
    if energies is None:
        return []
    return [float(convertor(value, "eV", "hartree")) for value in energies]


def source_key(file):
    """The record's file a summary was made from."""
    provenance = (file.data.get("metadata") or {}).get("compchem_run") or {}
    if provenance.get("source"):
        return provenance["source"]
    return file.filename[: -len(".summary.json")]


def optimisation_steps(file, summary):
    """Energies (hartree) per step of an optimisation, or [] when not known."""
    source = (summary or {}).get("source") or {}
    key = source_key(file)
    record = getattr(file, "record", None)
    if not _is_optimisation(summary) or not key or record is None:
        return []
    if not source.get("size") or source["size"] > max_bytes():
        return []
    folder = tempfile.mkdtemp(prefix="compchem-preview-")
    try:
        item = _files_service(record).get_file_content(g.identity, record.id, key)
        path = os.path.join(folder, os.path.basename(key))
        with item.get_stream("rb") as stream, open(path, "wb") as out:
            shutil.copyfileobj(stream, out)
        return _scf_energies(path)
    except Exception:  # a missing, unreadable or unparsable source: no chart
        current_app.logger.warning("no optimisation steps from %s", key, exc_info=True)
        return []
    finally:
        shutil.rmtree(folder, ignore_errors=True)

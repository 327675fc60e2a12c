# SPDX-License-Identifier: MIT
"""What a result replaces is kept: the previous result file, and a diff of summaries.

When a run writes a result under a key another run's result holds (a
reprocessing), the earlier file is copied first to
``<name>.previous-<earlier run><ext>`` with its own provenance, and the new
result's provenance says which file it replaced (``previous``). For the
extracted metadata document the provenance also carries ``diff``: the
summary's fields ``added``, ``changed`` and ``removed``, by dotted path.
"""

import io
import json
import posixpath

from invenio_access.permissions import system_identity

from ...result_names import result_name, result_suffix
from ..drafts import RESULT_MARKER

METADATA_SUFFIX = ".compchem.json"
"""Key suffix of a source's extracted metadata document."""

MAX_DIFF_VALUE = 500
"""Characters of JSON a value keeps in a diff; a longer one is summarised."""


def _leaves(document, prefix=""):
    """Dotted path -> value of every leaf; lists and empty objects are leaves."""
    if isinstance(document, dict) and document:
        leaves = {}
        for key, value in document.items():
            leaves.update(_leaves(value, f"{prefix}{key}."))
        return leaves
    return {prefix[:-1]: document}


def _short(value):
    text = json.dumps(value, sort_keys=True)
    return value if len(text) <= MAX_DIFF_VALUE else f"<{len(text)} characters>"


def summary_diff(old, new):
    """Fields ``added``, ``changed`` (``old``, ``new``) and ``removed``, by dotted path."""
    before, after = _leaves(old, ""), _leaves(new, "")
    return {
        "added": {p: _short(after[p]) for p in sorted(after.keys() - before.keys())},
        "changed": {
            p: {"old": _short(before[p]), "new": _short(after[p])}
            for p in sorted(after.keys() & before.keys())
            if before[p] != after[p]
        },
        "removed": {p: _short(before[p]) for p in sorted(before.keys() - after.keys())},
    }


def previous_key(source_key, key, run_name):
    """Where the result ``key`` of ``run_name`` is kept once replaced."""
    # A leading letter, so that ``.xyz`` is an extension, not a hidden name.
    stem, ext = posixpath.splitext("x" + (result_suffix(source_key, key) or ""))
    stem = stem[1:]
    return result_name(source_key, f"{stem}.previous-{run_name}{ext}")


def _json(data):
    try:
        document = json.loads(data)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _read(service, record_id, key):
    item = service.get_file_content(system_identity, record_id, key)
    with item.get_stream("rb") as fp:
        return fp.read()


def keep_previous(service, record_id, existing, key, content, provenance, store):
    """Copy ``existing`` aside before ``content`` replaces it; the new provenance.

    ``store(key, provenance, stream, size)`` writes a file. A result replaced
    by a later result of its own run is not copied again: the new one keeps
    the ``previous`` its run already set aside. The diff is made when the key
    is a source's metadata document.
    """
    earlier = (existing.metadata or {}).get(RESULT_MARKER) or {}
    if not earlier.get("run"):
        return provenance
    if earlier["run"] == provenance["run"]:
        previous = earlier.get("previous")
        if not previous:
            return provenance
        old = _read(service, record_id, previous["key"])
    else:
        old = _read(service, record_id, key)
        kept = previous_key(provenance["source"], key, earlier["run"])
        store(
            kept,
            {**earlier, "replaced_by": provenance["run"]},
            io.BytesIO(old),
            len(old),
        )
        previous = {
            "key": kept,
            "run": earlier["run"],
            "processor": earlier.get("processor"),
            "processor_version": earlier.get("processor_version"),
        }
    provenance = {**provenance, "previous": previous}
    if key == result_name(provenance["source"], METADATA_SUFFIX):
        new = content.read()
        content.seek(0)
        old_doc, new_doc = _json(old), _json(new)
        if old_doc is not None and new_doc is not None:
            provenance["diff"] = summary_diff(old_doc, new_doc)
    return provenance

# SPDX-License-Identifier: MIT
"""Credential helpers, the phase cache, log redaction and the summary schema."""

import json
import logging

import pytest

from tests.support.drafts import SAMPLES
from invenio_compchem_processor import credentials
from invenio_compchem_processor.processors.cclib_summary import ParseFailure, summarize
from invenio_compchem_processor.services.callbacks.service import _summary_validator

TOKEN = credentials.TOKEN_PREFIX + "AbC-123_xyz"


def test_phase_cache_remembers_briefly_per_credential(monkeypatch):
    cache = credentials.PhaseCache()
    clock = [100.0]
    monkeypatch.setattr(credentials.time, "monotonic", lambda: clock[0])
    answers = iter(["Running", "Succeeded", "Failed"])
    fetch = lambda: next(answers)  # noqa: E731

    assert cache.get("a", fetch, 5) == "Running"
    clock[0] += 4.9
    assert cache.get("a", fetch, 5) == "Running"
    clock[0] += 0.2
    assert cache.get("a", fetch, 5) == "Succeeded"
    assert cache.get("b", lambda: "Pending", 5) == "Pending"
    cache.forget("a")
    assert cache.get("a", fetch, 5) == "Failed"
    assert cache.get("a", lambda: "fresh", 0) == "fresh"


def test_phase_cache_stays_small(monkeypatch):
    cache = credentials.PhaseCache()
    cache.max_entries = 10
    clock = [0.0]
    monkeypatch.setattr(credentials.time, "monotonic", lambda: clock[0])
    for n in range(10):
        cache.get(n, lambda: "Running", 1)
    clock[0] += 2
    cache.get("new", lambda: "Running", 1)
    assert len(cache._entries) == 1


def test_lookup_refuses_what_is_not_a_credential(app, db):
    for value in (None, "", "Bearer x", "x" * 64, TOKEN):
        assert credentials.lookup(value) is None


def test_redaction_filter_keeps_credentials_out_of_records(caplog):
    credentials.install_log_redaction()
    credentials.install_log_redaction()
    logger = logging.getLogger("flask_oauthlib")
    assert sum(isinstance(f, credentials.RedactingFilter) for f in logger.filters) == 1
    with caplog.at_level(logging.DEBUG, logger="flask_oauthlib"):
        logger.debug("Validate bearer token %r", TOKEN)
        logger.debug("no secret here: %s", "ok")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "Validate bearer token 'ccr_[redacted]'",
        "no secret here: ok",
    ]
    assert (
        credentials.redact(f"a {TOKEN} b {TOKEN}")
        == "a ccr_[redacted] b ccr_[redacted]"
    )


def _summaries():
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix not in (".out", ".log"):
            continue
        try:
            yield path.name, summarize(path)
        except ParseFailure:
            continue


@pytest.fixture(scope="module")
def summaries():
    """The summaries of every sample cclib can read."""
    return dict(_summaries())


def test_every_summary_the_processor_writes_is_valid(summaries):
    validator = _summary_validator()
    assert len(summaries) >= 5
    for name, summary in summaries.items():
        # As written to NAME.summary.json: through JSON, NaN-free.
        document = json.loads(json.dumps(summary, allow_nan=False))
        errors = [e.message for e in validator.iter_errors(document)]
        assert errors == [], name


@pytest.mark.parametrize(
    "change",
    [
        {"summary_version": "1"},
        {"source": {"filename": "x", "sha256": "no", "size": 1}},
        {"formula": "h2o"},
        {"vibrations": {"count": -1, "imaginary": 0}},
        {"energies": {"unit": "hartree", "total": 1.0}},
        {"methods": ["HF", "HF"]},
    ],
)
def test_the_schema_refuses_wrong_fields(summaries, change):
    validator = _summary_validator()
    summary = summaries["gaussian16-water_mp2.log"]
    assert not validator.is_valid({**summary, **change})


def test_each_shipped_processor_has_its_summary_schema():
    from invenio_compchem_processor.services.callbacks.service import SUMMARY_SCHEMAS

    for processor, schema in SUMMARY_SCHEMAS.items():
        validator = _summary_validator(schema)
        assert validator.schema["$id"].endswith(schema)
        # A document of another kind is refused by this one's schema.
        assert not validator.is_valid({"summary_version": 1, "processor": {"name": processor}})

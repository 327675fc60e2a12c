# SPDX-License-Identifier: MIT
"""A campaign's dry run over 1k, 10k and 100k result files.

Run with ``python -m pytest benchmarks/bench_campaigns.py -s -p no:cacheprovider
--no-cov`` (PostgreSQL in ``SQLALCHEMY_DATABASE_URI``). Drafts and their
media files (two results per source: summary and geometry, made by
cclib-summary 0.1.0, 0.2.0 or 0.3.0, and one md-summary result per tenth
draft) are inserted in bulk straight into RDM's tables; then the dry run of
"cclib-summary older than 0.3.0" is timed (median of ``ROUNDS``) with its SQL
statements counted, and its answer checked against what was inserted. No
record is published here: the published side is one more query over
``rdm_versions_state``.
"""

import statistics
import time
import uuid

import pytest
from invenio_access.permissions import system_identity
from invenio_db import db
from invenio_rdm_records.records import models as rdm
from sqlalchemy import event, insert

from invenio_compchem_processor.proxies import current_compchem

SIZES = (1_000, 10_000, 100_000)
"""Result files of cclib-summary (two per source file)."""
ROUNDS = 5
VERSIONS = ("0.1.0", "0.2.0", "0.3.0")
REQUEST = {"processor": "cclib-summary", "older_than": "0.3.0", "dry_run": True}


@pytest.fixture(scope="module")
def app_config(app_config):
    """Results in media files, as by default."""
    app_config["COMPCHEM_PROCESSOR_RESULTS_TARGET"] = "media"
    return app_config


def _result(draft_id, key, source, processor, version, n):
    provenance = {
        "run": f"{processor}-d{n:06d}-x-1",
        "workflow": processor,
        "source": source,
        "processor": processor,
        "processor_version": version,
    }
    return dict(
        id=uuid.uuid4(),
        json={"metadata": {"compchem_run": provenance}},
        version_id=1,
        key=key,
        record_id=draft_id,
    )


def _fill(start, stop):
    """Sources ``start`` to ``stop``: one draft each; the number expected older."""
    drafts, files, older = [], [], 0
    for n in range(start, stop):
        draft_id = uuid.uuid4()
        drafts.append(dict(id=draft_id, json={"id": f"d{n:06d}-x"}, version_id=1))
        version = VERSIONS[n % len(VERSIONS)]
        older += version != "0.3.0"
        source = f"calc-{n}.out"
        for suffix in (".compchem.json", ".xyz"):
            files.append(
                _result(draft_id, source + suffix, source, "cclib-summary", version, n)
            )
        if n % 10 == 0:
            files.append(
                _result(draft_id, f"md-{n}.json", f"md-{n}.tpr", "md-summary", "0.1", n)
            )
    for model, rows in ((rdm.RDMDraftMetadata, drafts), (rdm.RDMMediaFileDraftMetadata, files)):
        for at in range(0, len(rows), 10_000):
            db.session.execute(insert(model), rows[at : at + 10_000])
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return older


def test_campaign_dry_run_scales(app, database):
    service = current_compchem.admin_service
    table, older, filled = [], 0, 0
    for size in SIZES:
        older += _fill(filled, size // 2)
        filled = size // 2
        statements = []
        listener = lambda *args: statements.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        answer = service.start_campaign(system_identity, REQUEST)
        event.remove(db.engine, "before_cursor_execute", listener)
        assert answer["total"] == {"files": older, "runs": older, "proposed": 0}
        times = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            service.start_campaign(system_identity, REQUEST)
            times.append((time.perf_counter() - started) * 1000)
        table.append((size, older, statistics.median(times), len(statements)))
    base = table[0][2]
    print()
    print(f"{'results':>8} {'chosen':>7} {'dry run ms':>11} {'x 1k':>6} {'SQL':>4}")
    for size, chosen, ms, sql in table:
        print(f"{size:>8} {chosen:>7} {ms:>11.1f} {ms / base:>6.1f} {sql:>4}")

# SPDX-License-Identifier: MIT
"""Pipeline benchmarks, measured side by side in one run.

    python -m pytest benchmarks/bench_pipeline.py -s -q --no-cov -p no:cacheprovider

(a) Draft file commit latency with the upload hook on vs off (the hook's task
    goes to a real broker, Redis at 127.0.0.1:6379, as in production; no
    worker consumes it): median ratio on/off.
(b) A record's run list at 50, 200 and 1,000 files with 2 runs each: our own
    time per request, engine calls and SQL queries per request.
"""

import io
import statistics
import uuid
import time

import pytest
from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service
from sqlalchemy import event

from invenio_compchem_processor import rows
from invenio_compchem_processor.components import ProcessingComponent
from invenio_compchem_processor.engines.argo.manifests import build_workflow
from invenio_compchem_processor.engines.base import RunRequest
from invenio_compchem_processor.naming import run_name
from invenio_compchem_processor.proxies import current_runs_service
from invenio_compchem_processor.services.drafts import DraftFile

ROUNDS = 40


@pytest.fixture(scope="module")
def app_config(app_config):
    """Tasks go to a broker, as in production."""
    app_config["CELERY_TASK_ALWAYS_EAGER"] = False
    app_config["CELERY_BROKER_URL"] = app_config["BROKER_URL"] = (
        "redis://127.0.0.1:6379/15"
    )
    app_config["RDM_RECORDS_MAX_FILES_COUNT"] = 10000
    return app_config


def _commit_time(owner, record_id, key):
    files = current_rdm_records_service.draft_files
    files.init_files(owner, record_id, [{"key": key}])
    files.set_file_content(
        owner, record_id, key, io.BytesIO(b"Entering Gaussian System\n")
    )
    start = time.perf_counter()
    files.commit_file(owner, record_id, key)
    return time.perf_counter() - start


def test_commit_latency_hook_on_vs_off(app, database, users, draft_factory):
    owner = users["owner"].identity
    record_id = draft_factory(share=False)
    config = current_rdm_records_service.draft_files.config
    with_hook = list(config.components)
    without_hook = [c for c in with_hook if c is not ProcessingComponent]
    assert len(without_hook) == len(with_hook) - 1
    timings = {"on": [], "off": []}
    try:
        for i in range(ROUNDS):
            for mode, components in (("on", with_hook), ("off", without_hook)):
                config.components = components
                timings[mode].append(_commit_time(owner, record_id, f"{mode}-{i}.out"))
    finally:
        config.components = with_hook
    on, off = (statistics.median(timings[m]) for m in ("on", "off"))
    print(
        f"\n(a) commit_file median over {ROUNDS} rounds: hook on {on * 1000:.2f} ms, "
        f"off {off * 1000:.2f} ms, ratio on/off {on / off:.3f}"
    )


def _fill(record_id, files, fake):
    """``files`` files with 2 runs each, in our tables and in the engine."""
    for i in range(files):
        draft_file = DraftFile(
            key=f"f{i:05d}.out",
            object_version_id=uuid.uuid4(),
            checksum="md5:0",
            mimetype="text/plain",
            size=1,
        )
        row = rows.file_row(record_id, draft_file)
        for _ in range(2):
            sequence = rows.max_sequence(record_id, "cclib-summary") + 1
            name = run_name("cclib-summary", record_id, sequence)
            rows.insert_run(
                [row],
                record_id=record_id,
                workflow="cclib-summary",
                sequence=sequence,
                name=name,
                engine="argo",
                trigger="auto",
            )
            fake.state.create_workflow(
                build_workflow(
                    RunRequest(
                        name=name,
                        workflow="cclib-summary",
                        record_id=record_id,
                        sequence=sequence,
                        file_keys=(draft_file.key,),
                        engine_options={"template": "compchem-cclib-summary"},
                    ),
                    "argo",
                )
            )
    db.session.commit()


def test_run_list_scaling(app, database, users, draft_factory, fake_argo_server):
    owner = users["owner"].identity
    fake_argo_server.validate = False
    queries = []

    def count(*args):
        queries.append(1)

    print("\n(b) run list (page of 25), median of 5 requests:")
    print("    files  runs  ms/request  engine calls  SQL queries")
    for files in (50, 200, 1000):
        record_id = draft_factory(share=False)
        _fill(record_id, files, fake_argo_server)
        times, engine_calls, sql = [], [], []
        current_runs_service.search(owner, record_id, {"size": 25})  # warm caches
        for _ in range(5):
            before = len(fake_argo_server.requests)
            queries.clear()
            event.listen(db.engine, "before_cursor_execute", count)
            start = time.perf_counter()
            result = current_runs_service.search(owner, record_id, {"size": 25}).to_dict()
            times.append(time.perf_counter() - start)
            event.remove(db.engine, "before_cursor_execute", count)
            engine_calls.append(len(fake_argo_server.requests) - before)
            sql.append(len(queries))
            db.session.expire_all()
        assert result["hits"]["total"] == 2 * files
        assert {h["status"]["phase"] for h in result["hits"]["hits"]} == {"Pending"}
        print(
            f"    {files:5d} {2 * files:5d} {statistics.median(times) * 1000:10.1f}"
            f"  {max(engine_calls):12d}  {max(sql):11d}"
        )

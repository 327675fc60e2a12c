# SPDX-License-Identifier: MIT
"""What the admin list asks of each engine: runs by name across records, every phase."""

from datetime import timedelta

from invenio_compchem_processor.engines.base import Phase
from invenio_compchem_processor.engines.local import LocalEngine
from invenio_compchem_processor.engines.local.models import LocalRun, utcnow
from invenio_compchem_processor.proxies import current_compchem

KEY = "psi4-water_mp2.out"


def _local_run(name, record_id, phase):
    return LocalRun(
        name=name,
        record_id=record_id,
        workflow="cclib-summary",
        sequence=1,
        labels={},
        annotations={},
        file_keys=[KEY],
        options={},
        parameters={},
        phase=phase,
        attempt=1,
        progress_done=0,
        progress_total=0,
        version=1,
    )


def test_local_engine(app, db):
    db.session.add_all(
        [
            _local_run("cclib-summary-rec-a-1", "rec-a", "Running"),
            _local_run("cclib-summary-rec-b-1", "rec-b", "Failed"),
        ]
    )
    db.session.commit()
    engine = LocalEngine()
    assert engine.run_phases() == {
        "cclib-summary-rec-a-1": Phase.RUNNING,
        "cclib-summary-rec-b-1": Phase.FAILED,
    }
    named = engine.list_runs_named(["cclib-summary-rec-b-1", "cclib-summary-nope-1"])
    assert [(s.name, s.record_id, s.phase) for s in named] == [
        ("cclib-summary-rec-b-1", "rec-b", Phase.FAILED)
    ]
    assert engine.list_runs_named([]) == []


def test_local_engine_phases_as_sql_agree_with_its_phases(app, db):
    """``phase_query`` is ``run_phases`` in SQL, a silent worker's run included."""
    silent = _local_run("cclib-summary-rec-c-1", "rec-c", "Running")
    silent.worker = "gone:1"
    silent.heartbeat = utcnow() - timedelta(hours=1)
    alive = _local_run("cclib-summary-rec-d-1", "rec-d", "Running")
    alive.worker = "here:1"
    alive.heartbeat = utcnow()
    done = _local_run("cclib-summary-rec-e-1", "rec-e", "Succeeded")
    db.session.add_all([silent, alive, done])
    db.session.commit()
    engine = LocalEngine()
    in_sql = dict(db.session.execute(engine.phase_query()).all())
    assert in_sql == {name: phase.value for name, phase in engine.run_phases().items()}
    assert in_sql["cclib-summary-rec-c-1"] == "Error"
    assert in_sql["cclib-summary-rec-d-1"] == "Running"


def test_argo_engine(app, db, draft_factory, fake_argo_server):
    first, second = draft_factory([KEY]), draft_factory([KEY])
    names = [f"cclib-summary-{first}-1", f"cclib-summary-{second}-1"]
    fake_argo_server.set_phase(names[1], "Failed", message="boom")
    engine = current_compchem.engine
    before = len(fake_argo_server.requests)
    named = engine.list_runs_named(names)
    assert len(fake_argo_server.requests) == before + 1
    assert {s.name: (s.record_id, s.phase) for s in named} == {
        names[0]: (first, Phase.PENDING),
        names[1]: (second, Phase.FAILED),
    }
    phases = engine.run_phases()
    assert phases[names[1]] == Phase.FAILED
    assert phases[names[0]] == Phase.PENDING

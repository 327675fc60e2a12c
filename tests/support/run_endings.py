# SPDX-License-Identifier: MIT
"""Ending runs as the engine and the runs themselves end them, for the digest tests."""

from invenio_db import db
from sqlalchemy import select

from invenio_compchem_processor.models import CompchemFile, CompchemRun, CompchemRunFile

API = "/compchem/run"


def run_names(record_id):
    return db.session.scalars(
        select(CompchemRun.name)
        .where(CompchemRun.record_id == record_id)
        .order_by(CompchemRun.id)
    ).all()


def run_keys(record_id):
    """Run name to its one file's key."""
    return dict(
        db.session.execute(
            select(CompchemRun.name, CompchemFile.file_key)
            .join(CompchemRunFile, CompchemRunFile.run_id == CompchemRun.id)
            .join(CompchemFile, CompchemFile.id == CompchemRunFile.file_id)
            .where(CompchemRun.record_id == record_id)
        ).all()
    )


def end(run_client, fake_argo_server, name, phase, message=None):
    """The run's exit handler closes its context, then Argo gives the final phase."""
    fake_argo_server.set_phase(name, "Running")
    token = fake_argo_server.parameter(name, "credential")
    res = run_client.post(
        f"{API}/end",
        json={"phase": phase},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert res.status_code == 200, res.json
    fake_argo_server.set_phase(name, phase, message=message)

# SPDX-License-Identifier: MIT
"""Migrations: upgrade from scratch, no drift from the models, downgrade."""

import pytest
from invenio_db.utils import drop_alembic_version_table
from sqlalchemy import inspect

from invenio_compchem_processor.models import WRITE_ONCE_TABLES


def _our_diff(alembic):
    """Differences between models and migrations that concern our tables."""
    return [d for d in alembic.compare_metadata() if "compchem_" in repr(d)]


def test_alembic_upgrade_compare_downgrade(app, database):
    db = database
    if db.engine.name == "sqlite":
        pytest.skip("Alembic migrations of Invenio need PostgreSQL.")
    alembic = app.extensions["invenio-db"].alembic
    assert set(WRITE_ONCE_TABLES) <= set(db.metadata.tables)

    db.drop_all()
    drop_alembic_version_table()
    alembic.upgrade()
    assert set(WRITE_ONCE_TABLES) <= set(inspect(db.engine).get_table_names())
    assert _our_diff(alembic) == []

    alembic.downgrade(target="invenio_compchem_processor@base")
    assert not set(WRITE_ONCE_TABLES) & set(inspect(db.engine).get_table_names())
    assert _our_diff(alembic) != []

    alembic.upgrade()
    assert _our_diff(alembic) == []
    db.session.remove()
    db.drop_all()
    drop_alembic_version_table()
    db.create_all()

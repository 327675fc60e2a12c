# SPDX-License-Identifier: MIT
"""The admin list's counts and durations of runs, kept by triggers; runs by creation."""

import sqlalchemy as sa
from alembic import op

from invenio_compchem_processor import run_tally

# revision identifiers, used by Alembic.
revision = "d8a1f3b5c726"
down_revision = "c5d2e8f4a913"
branch_labels = ()
depends_on = None


def upgrade():
    """Upgrade database."""
    op.create_table(
        "compchem_run_tally",
        sa.Column("span", sa.String(length=8), nullable=False),
        sa.Column("hour", sa.DateTime(), nullable=False),
        sa.Column("workflow", sa.String(length=63), nullable=False),
        sa.Column("engine", sa.String(length=32), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("phase", sa.String(length=16), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "span",
            "hour",
            "workflow",
            "engine",
            "trigger",
            "phase",
            name=op.f("pk_compchem_run_tally"),
        ),
    )
    op.create_table(
        "compchem_run_duration",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["compchem_run.id"],
            name=op.f("fk_compchem_run_duration_run_id_compchem_run"),
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_compchem_run_duration")),
    )
    op.create_index(
        "ix_compchem_run_duration_seconds",
        "compchem_run_duration",
        ["seconds", "run_id"],
    )
    op.create_index(op.f("ix_compchem_run_created"), "compchem_run", ["created"])
    op.create_index(
        op.f("ix_compchem_local_run_phase_heartbeat"),
        "compchem_local_run",
        ["phase", "heartbeat"],
    )
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in (("compchem_run", "name"), ("compchem_file", "file_key")):
        op.create_index(
            f"ix_{table}_{column}_trgm",
            table,
            [sa.text(f"lower({column}) gin_trgm_ops")],
            postgresql_using="gin",
        )
    for statement in run_tally.statements():
        op.execute(statement)
    for statement in run_tally.fill_statements():
        op.execute(statement)


def downgrade():
    """Downgrade database."""
    for statement in run_tally.drop_statements():
        op.execute(statement)
    for table, column in (("compchem_run", "name"), ("compchem_file", "file_key")):
        op.drop_index(f"ix_{table}_{column}_trgm", table_name=table)
    op.drop_index(
        op.f("ix_compchem_local_run_phase_heartbeat"), table_name="compchem_local_run"
    )
    op.drop_index(op.f("ix_compchem_run_created"), table_name="compchem_run")
    op.drop_index(
        "ix_compchem_run_duration_seconds", table_name="compchem_run_duration"
    )
    op.drop_table("compchem_run_duration")
    op.drop_table("compchem_run_tally")

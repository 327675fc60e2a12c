# SPDX-License-Identifier: MIT
"""Create the local engine's state tables (mutable, unlike the write-once ones)."""

import sqlalchemy as sa
import sqlalchemy_utils
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c7d9e1f5a42"
down_revision = "8f2b6e4a9c10"
branch_labels = ()
depends_on = None


def upgrade():
    """Upgrade database."""
    op.create_table(
        "compchem_local_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=63), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("workflow", sa.String(length=63), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("annotations", sa.JSON(), nullable=False),
        sa.Column("file_keys", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("credential", sqlalchemy_utils.StringEncryptedType(), nullable=True),
        sa.Column("phase", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("progress_done", sa.Integer(), nullable=False),
        sa.Column("progress_total", sa.Integer(), nullable=False),
        sa.Column("stop_request", sa.String(length=16), nullable=True),
        sa.Column("stop_message", sa.Text(), nullable=True),
        sa.Column("worker", sa.String(length=255), nullable=True),
        sa.Column("heartbeat", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compchem_local_run")),
        sa.UniqueConstraint("name", name="uq_compchem_local_run_name"),
    )
    op.create_index(
        op.f("ix_compchem_local_run_record_id"), "compchem_local_run", ["record_id"]
    )
    op.create_index(
        "ix_compchem_local_run_record_workflow",
        "compchem_local_run",
        ["record_id", "workflow"],
    )
    op.create_table(
        "compchem_local_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=63), nullable=False),
        sa.Column("phase", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.Column("exit_code", sa.Integer(), nullable=True),
        sa.Column("log", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["compchem_local_run.id"],
            name=op.f("fk_compchem_local_step_run_id_compchem_local_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compchem_local_step")),
        sa.UniqueConstraint(
            "run_id", "attempt", "name", name="uq_compchem_local_step_attempt_name"
        ),
    )
    op.create_index(
        op.f("ix_compchem_local_step_run_id"), "compchem_local_step", ["run_id"]
    )


def downgrade():
    """Downgrade database."""
    op.drop_index(
        op.f("ix_compchem_local_step_run_id"), table_name="compchem_local_step"
    )
    op.drop_table("compchem_local_step")
    op.drop_index(
        "ix_compchem_local_run_record_workflow", table_name="compchem_local_run"
    )
    op.drop_index(
        op.f("ix_compchem_local_run_record_id"), table_name="compchem_local_run"
    )
    op.drop_table("compchem_local_run")

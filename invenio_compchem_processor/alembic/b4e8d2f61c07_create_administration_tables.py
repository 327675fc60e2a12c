# SPDX-License-Identifier: MIT
"""Create the administration tables: workflow switches and bulk actions."""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b4e8d2f61c07"
down_revision = "3c7d9e1f5a42"
branch_labels = ()
depends_on = None


def upgrade():
    """Upgrade database."""
    op.create_table(
        "compchem_workflow_switch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workflow", sa.String(length=63), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compchem_workflow_switch")),
    )
    op.create_index(
        op.f("ix_compchem_workflow_switch_workflow"),
        "compchem_workflow_switch",
        ["workflow"],
    )
    op.create_table(
        "compchem_bulk_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("query", sa.JSON(), nullable=False),
        sa.Column("run_names", sa.JSON(), nullable=False),
        sa.Column("concurrency", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compchem_bulk_action")),
    )
    op.create_table(
        "compchem_bulk_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bulk_id", sa.Integer(), nullable=False),
        sa.Column("run_name", sa.String(length=63), nullable=False),
        sa.Column("submitted", sa.String(length=63), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bulk_id"],
            ["compchem_bulk_action.id"],
            name=op.f("fk_compchem_bulk_step_bulk_id_compchem_bulk_action"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compchem_bulk_step")),
        sa.UniqueConstraint("bulk_id", "run_name", name="uq_compchem_bulk_step_run"),
    )
    op.create_table(
        "compchem_bulk_stop",
        sa.Column("bulk_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bulk_id"],
            ["compchem_bulk_action.id"],
            name=op.f("fk_compchem_bulk_stop_bulk_id_compchem_bulk_action"),
        ),
        sa.PrimaryKeyConstraint("bulk_id", name=op.f("pk_compchem_bulk_stop")),
    )


def downgrade():
    """Downgrade database."""
    op.drop_table("compchem_bulk_stop")
    op.drop_table("compchem_bulk_step")
    op.drop_table("compchem_bulk_action")
    op.drop_index(
        op.f("ix_compchem_workflow_switch_workflow"),
        table_name="compchem_workflow_switch",
    )
    op.drop_table("compchem_workflow_switch")

# SPDX-License-Identifier: MIT
"""Workflow versions of runs, runs carried into new versions, answers to proposals."""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c5d2e8f4a913"
down_revision = "a9f4c2d7e613"
branch_labels = ()
depends_on = None


def upgrade():
    """Upgrade database."""
    op.add_column(
        "compchem_run",
        sa.Column("workflow_version", sa.String(length=64), nullable=True),
    )
    op.create_table(
        "compchem_carried_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["compchem_run.id"],
            name=op.f("fk_compchem_carried_run_run_id_compchem_run"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compchem_carried_run")),
    )
    op.create_index(
        op.f("ix_compchem_carried_run_record_id"),
        "compchem_carried_run",
        ["record_id"],
    )
    op.create_table(
        "compchem_proposal_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("new_record_id", sa.String(length=64), nullable=True),
        sa.Column("run_name", sa.String(length=63), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["compchem_campaign_file.id"],
            name=op.f("fk_compchem_proposal_answer_proposal_id_compchem_campaign_file"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compchem_proposal_answer")),
    )
    op.create_index(
        op.f("ix_compchem_proposal_answer_proposal_id"),
        "compchem_proposal_answer",
        ["proposal_id"],
    )


def downgrade():
    """Downgrade database."""
    op.drop_index(
        op.f("ix_compchem_proposal_answer_proposal_id"),
        table_name="compchem_proposal_answer",
    )
    op.drop_table("compchem_proposal_answer")
    op.drop_index(
        op.f("ix_compchem_carried_run_record_id"), table_name="compchem_carried_run"
    )
    op.drop_table("compchem_carried_run")
    op.drop_column("compchem_run", "workflow_version")

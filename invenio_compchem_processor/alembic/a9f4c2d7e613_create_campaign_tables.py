# SPDX-License-Identifier: MIT
"""Create the tables of bulk pauses and reprocessing campaigns' files."""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a9f4c2d7e613"
down_revision = "e7c3a9d5f218"
branch_labels = ()
depends_on = None


def _bulk_fk(table):
    return sa.ForeignKeyConstraint(
        ["bulk_id"],
        ["compchem_bulk_action.id"],
        name=op.f(f"fk_{table}_bulk_id_compchem_bulk_action"),
    )


def upgrade():
    """Upgrade database."""
    op.create_table(
        "compchem_bulk_pause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bulk_id", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        _bulk_fk("compchem_bulk_pause"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compchem_bulk_pause")),
    )
    op.create_index(
        op.f("ix_compchem_bulk_pause_bulk_id"), "compchem_bulk_pause", ["bulk_id"]
    )
    op.create_table(
        "compchem_campaign_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bulk_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("file_key", sa.Text(), nullable=False),
        sa.Column("run_name", sa.String(length=63), nullable=True),
        sa.Column("processor_version", sa.String(length=128), nullable=True),
        sa.Column("proposed", sa.Boolean(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        _bulk_fk("compchem_campaign_file"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compchem_campaign_file")),
    )
    op.create_index(
        op.f("ix_compchem_campaign_file_bulk_id"),
        "compchem_campaign_file",
        ["bulk_id"],
    )


def downgrade():
    """Downgrade database."""
    op.drop_index(
        op.f("ix_compchem_campaign_file_bulk_id"), table_name="compchem_campaign_file"
    )
    op.drop_table("compchem_campaign_file")
    op.drop_index(
        op.f("ix_compchem_bulk_pause_bulk_id"), table_name="compchem_bulk_pause"
    )
    op.drop_table("compchem_bulk_pause")

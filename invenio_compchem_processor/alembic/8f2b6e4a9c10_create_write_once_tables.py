# SPDX-License-Identifier: MIT
"""Create the write-once tables of files, runs and their ends."""

import sqlalchemy as sa
import sqlalchemy_utils
from alembic import op

# revision identifiers, used by Alembic.
revision = "8f2b6e4a9c10"
down_revision = "5d1a0c3e7b21"
branch_labels = ()
depends_on = None


def upgrade():
    """Upgrade database."""
    op.create_table(
        "compchem_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("file_key", sa.Text(), nullable=False),
        sa.Column(
            "object_version_id", sqlalchemy_utils.types.uuid.UUIDType(), nullable=False
        ),
        sa.Column("checksum", sa.String(length=255), nullable=True),
        sa.Column("mimetype", sa.String(length=255), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compchem_file")),
        sa.UniqueConstraint(
            "object_version_id", name="uq_compchem_file_object_version_id"
        ),
    )
    op.create_index(op.f("ix_compchem_file_record_id"), "compchem_file", ["record_id"])
    op.create_table(
        "compchem_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("workflow", sa.String(length=63), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=63), nullable=False),
        sa.Column("engine", sa.String(length=32), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("resubmit_of_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.CheckConstraint("sequence > 0", name="ck_compchem_run_sequence"),
        sa.ForeignKeyConstraint(
            ["resubmit_of_id"],
            ["compchem_run.id"],
            name=op.f("fk_compchem_run_resubmit_of_id_compchem_run"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compchem_run")),
        sa.UniqueConstraint("name", name="uq_compchem_run_name"),
        sa.UniqueConstraint(
            "record_id", "workflow", "sequence", name="uq_compchem_run_sequence"
        ),
    )
    op.create_index(op.f("ix_compchem_run_record_id"), "compchem_run", ["record_id"])
    op.create_table(
        "compchem_run_file",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["compchem_file.id"],
            name=op.f("fk_compchem_run_file_file_id_compchem_file"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["compchem_run.id"],
            name=op.f("fk_compchem_run_file_run_id_compchem_run"),
        ),
        sa.PrimaryKeyConstraint("run_id", "file_id", name=op.f("pk_compchem_run_file")),
    )
    op.create_index(
        op.f("ix_compchem_run_file_file_id"), "compchem_run_file", ["file_id"]
    )
    op.create_table(
        "compchem_run_start_error",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["compchem_run.id"],
            name=op.f("fk_compchem_run_start_error_run_id_compchem_run"),
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_compchem_run_start_error")),
    )
    for table, columns in (
        (
            "compchem_run_credential",
            [
                sa.Column("token_hash", sa.String(length=128), nullable=False),
                sa.Column("expires_at", sa.DateTime(), nullable=False),
            ],
        ),
        (
            "compchem_run_end",
            [sa.Column("reason", sa.String(length=32), nullable=False)],
        ),
    ):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("run_id", sa.Integer(), nullable=False),
            *columns,
            sa.Column("created", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(
                ["run_id"],
                ["compchem_run.id"],
                name=op.f(f"fk_{table}_run_id_compchem_run"),
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        op.create_index(op.f(f"ix_{table}_run_id"), table, ["run_id"])
    op.create_unique_constraint(
        "uq_compchem_run_credential_hash", "compchem_run_credential", ["token_hash"]
    )


def downgrade():
    """Downgrade database."""
    for table in ("compchem_run_end", "compchem_run_credential"):
        op.drop_index(op.f(f"ix_{table}_run_id"), table_name=table)
        op.drop_table(table)
    op.drop_table("compchem_run_start_error")
    op.drop_index(op.f("ix_compchem_run_file_file_id"), table_name="compchem_run_file")
    op.drop_table("compchem_run_file")
    op.drop_index(op.f("ix_compchem_run_record_id"), table_name="compchem_run")
    op.drop_table("compchem_run")
    op.drop_index(op.f("ix_compchem_file_record_id"), table_name="compchem_file")
    op.drop_table("compchem_file")

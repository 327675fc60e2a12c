# SPDX-License-Identifier: MIT
"""Create the table of runs a digest has listed."""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e7c3a9d5f218"
down_revision = "b4e8d2f61c07"
branch_labels = ()
depends_on = None


def upgrade():
    """Upgrade database."""
    op.create_table(
        "compchem_run_notification",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["compchem_run.id"],
            name=op.f("fk_compchem_run_notification_run_id_compchem_run"),
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_compchem_run_notification")),
    )


def downgrade():
    """Downgrade database."""
    op.drop_table("compchem_run_notification")

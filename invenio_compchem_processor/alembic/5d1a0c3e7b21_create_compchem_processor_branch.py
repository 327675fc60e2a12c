# SPDX-License-Identifier: MIT
"""Create the invenio-compchem-processor branch."""

# revision identifiers, used by Alembic.
revision = "5d1a0c3e7b21"
down_revision = None
branch_labels = ("invenio_compchem_processor",)
depends_on = "dbdbc1b19cf2"


def upgrade():
    """Upgrade database."""


def downgrade():
    """Downgrade database."""

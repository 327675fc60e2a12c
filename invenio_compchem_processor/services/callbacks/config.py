# SPDX-License-Identifier: MIT
"""Configuration of the run callback service."""

from invenio_records_resources.services.base import ServiceConfig
from invenio_records_resources.services.base.config import (
    ConfiguratorMixin,
    FromConfig,
)

from .schemas import ProgressSchema


class RunCallbackServiceConfig(ServiceConfig, ConfiguratorMixin):
    """Limits and targets of the callback service."""

    service_id = "compchem-run-callbacks"
    results_target = FromConfig("COMPCHEM_PROCESSOR_RESULTS_TARGET", default="media")
    max_result_size = FromConfig(
        "COMPCHEM_PROCESSOR_MAX_RESULT_SIZE", default=100 * 1024**2
    )
    max_metadata_size = FromConfig(
        "COMPCHEM_PROCESSOR_MAX_METADATA_SIZE", default=1024**2
    )
    progress_schema = ProgressSchema

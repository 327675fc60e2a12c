# SPDX-License-Identifier: MIT
"""RDM's draft file service, as run results are written through it.

A result is written with the same service RDM uses for the target (its
configuration, permissions, storage, transfer and file components), less the
components whose work is pointless for a file a run derived:

- RDM's ``FileProcessorComponent`` queues ``extract_file_metadata`` on every
  commit; its processors read images and ZIP archives, never a summary, an
  XYZ file or a log, and the task would load and commit the draft's file
  record again in a worker;
- the package's upload hook (``ProcessingComponent``) queues a task that
  would only find the result's provenance and skip it.

Depositors' uploads go through RDM's own services and keep both.
"""

import weakref

from invenio_rdm_records.proxies import (
    current_rdm_records_media_files_service,
    current_rdm_records_service,
)
from invenio_records_resources.services.files.components import (
    FileProcessorComponent,
)


def skipped_components():
    """File service components a result's writes do not run.

    The upload hook is imported here: its module imports the services.
    """
    from ...components import ProcessingComponent

    return (FileProcessorComponent, ProcessingComponent)


_derived = weakref.WeakKeyDictionary()


def files_service(target):
    """RDM's draft file service of the configured target."""
    if target == "media":
        return current_rdm_records_media_files_service.draft_files
    return current_rdm_records_service.draft_files


def result_files_service(target):
    """The draft file service of ``target`` without ``skipped_components()``.

    Built once per RDM service (so per application), from that service's
    configuration as the instance set it.
    """
    base = files_service(target)
    service = _derived.get(base)
    if service is None:
        config_cls = type(base.config)
        skipped = skipped_components()
        components = [
            c
            for c in base.config.components
            if not (isinstance(c, type) and issubclass(c, skipped))
        ]
        config = type(
            f"Results{config_cls.__name__}", (config_cls,), {"components": components}
        )()
        service = _derived[base] = type(base)(config)
    return service

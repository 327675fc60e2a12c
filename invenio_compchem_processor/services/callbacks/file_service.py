# SPDX-License-Identifier: MIT
"""RDM's draft file services, as a run reads its inputs and writes its results.

Both are RDM's own services, their drafts' files looked up one key at a time
(:mod:`.keyed_files`): a run's calls cost the same on a draft of 10 files and
on one of 1,000.

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

from .keyed_files import keyed_record_cls


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


def _derived_service(base, prefix, skipped=()):
    """``base`` as a run calls it: its drafts' files by key, less ``skipped``.

    Built once per RDM service (so per application), from that service's
    configuration as the instance set it.
    """
    services = _derived.setdefault(base, {})
    if prefix not in services:
        config_cls = type(base.config)
        components = [
            c
            for c in base.config.components
            if not (isinstance(c, type) and issubclass(c, skipped))
        ]
        config = type(
            f"{prefix}{config_cls.__name__}",
            (config_cls,),
            {
                "components": components,
                "record_cls": keyed_record_cls(base.config.record_cls),
            },
        )()
        services[prefix] = type(base)(config)
    return services[prefix]


def input_files_service():
    """RDM's draft file service, as a run reads its inputs through it."""
    return _derived_service(current_rdm_records_service.draft_files, "Inputs")


def result_files_service(target):
    """The draft file service of ``target`` without ``skipped_components()``."""
    return _derived_service(files_service(target), "Results", skipped_components())

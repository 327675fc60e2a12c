# SPDX-License-Identifier: MIT
"""Which Celery tasks ran, told by Celery's own ``task_prerun`` signal."""

from contextlib import contextmanager

from celery.signals import task_prerun


@contextmanager
def tasks_that_run():
    """Names of the tasks that run, eagerly or in this process, within the block."""
    names = []

    def record(sender=None, **kwargs):
        names.append(sender.name)

    task_prerun.connect(record)
    try:
        yield names
    finally:
        task_prerun.disconnect(record)

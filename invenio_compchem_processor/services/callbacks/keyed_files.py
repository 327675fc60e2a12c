# SPDX-License-Identifier: MIT
"""A draft's files looked up one key at a time, as a run uses them.

RDM's files manager loads every file record of a draft the first time one key
is asked for (``FilesManager.entries``), and RDM's file service resolves the
draft afresh in each call: reading an input, or initialising, filling,
committing and replacing a result, loaded all the draft's file records each
time, so a run on a draft of 1,000 files paid for the 1,000 in every call. A
run only ever touches its own keys: here each key is one query, the count
(RDM's files limit) one ``COUNT``, and only what needs every file (iterating,
sums over the files) loads them all, once. Within one results commit, RDM's
calls also share the draft they resolve (:func:`one_record_per_id`).
"""

from collections.abc import MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar

from invenio_db import db
from sqlalchemy import func, select


class KeyedEntries(MutableMapping):
    """A files manager's entries, loaded by key; all of them only when iterated."""

    def __init__(self, file_cls, record_id):
        """Entries of the record ``record_id``, as ``file_cls`` records."""
        self._file_cls = file_cls
        self._record_id = record_id
        self._found = {}
        """Key -> file record, or None where the record has no such file."""
        self._complete = False

    def _where(self, statement):
        model = self._file_cls.model_cls
        # As RDM's ``list_by_record``: soft-deleted file records are not files.
        return statement.where(
            model.record_id == self._record_id,
            model.is_deleted != True,  # noqa: E712
        )

    def __getitem__(self, key):
        """The file record of ``key``, in one query the first time."""
        if key not in self._found and not self._complete:
            model_cls = self._file_cls.model_cls
            with db.session.no_autoflush:
                model = db.session.scalars(
                    self._where(select(model_cls)).where(model_cls.key == key)
                ).one_or_none()
            self._found[key] = (
                None if model is None else self._file_cls(model.data, model=model)
            )
        found = self._found.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __setitem__(self, key, file_record):
        """Keep a file record the manager created."""
        self._found[key] = file_record

    def __delitem__(self, key):
        """Forget a file the manager deleted."""
        self[key]
        self._found[key] = None

    def _load_all(self):
        if not self._complete:
            for file_record in self._file_cls.list_by_record(self._record_id):
                self._found.setdefault(file_record.key, file_record)
            self._complete = True

    def __iter__(self):
        """Every key: the record's files are all loaded."""
        self._load_all()
        return iter([key for key, found in self._found.items() if found is not None])

    def __len__(self):
        """The number of files, counted by the database until all are loaded."""
        if self._complete:
            return sum(found is not None for found in self._found.values())
        count = select(func.count()).select_from(self._file_cls.model_cls)
        with db.session.no_autoflush:
            return db.session.scalar(self._where(count))


def keyed(files):
    """``files`` (a record's files manager) with its entries looked up by key.

    A manager that already loaded its entries keeps them.
    """
    if files is not None and files._entries is None:
        files._entries = KeyedEntries(files.file_cls, files.record.id)
    return files


_shared = ContextVar("compchem_shared_records", default=None)


@contextmanager
def one_record_per_id():
    """Within the block, RDM's file service calls share each record they resolve.

    RDM's file service resolves the draft afresh in each call (its row, its
    parent, what its permission checks read): a result is three calls, a
    batch of three results nine. Under the record's lock, in one transaction,
    they may as well share one record object, as RDM's own upload of several
    files in one call does.
    """
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def keyed_record_cls(record_cls):
    """``record_cls`` whose records, once resolved, look their files up by key."""

    class KeyedFilesRecord(record_cls):
        @classmethod
        def get_record(cls, id_, with_deleted=False):
            shared = _shared.get()
            record = None if shared is None else shared.get((cls, id_))
            if record is None:
                record = super().get_record(id_, with_deleted=with_deleted)
                keyed(record.files)
                if shared is not None:
                    shared[(cls, id_)] = record
            return record

    KeyedFilesRecord.__name__ = f"Keyed{record_cls.__name__}"
    KeyedFilesRecord.__qualname__ = KeyedFilesRecord.__name__
    return KeyedFilesRecord

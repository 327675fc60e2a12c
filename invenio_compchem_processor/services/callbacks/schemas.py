# SPDX-License-Identifier: MIT
"""What a run sends to the callback API."""

import marshmallow as ma


class ProgressSchema(ma.Schema):
    """Body of a progress report."""

    message = ma.fields.String(load_default="", validate=ma.validate.Length(max=1000))
    progress = ma.fields.Dict(keys=ma.fields.String(), load_default=None)

    @ma.validates("progress")
    def _check_progress(self, value, **kwargs):
        if value is None:
            return
        done, total = value.get("done"), value.get("total")
        if set(value) != {"done", "total"} or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in (done, total)
        ):
            raise ma.ValidationError("progress is {done: int, total: int}.")
        if not 0 <= done <= total:
            raise ma.ValidationError("progress needs 0 <= done <= total.")

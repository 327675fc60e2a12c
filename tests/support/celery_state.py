# SPDX-License-Identifier: MIT
"""Celery's one application per process, pointed at each test module's app.

Flask-CeleryExt configures Celery's default application (one per process)
for every Flask application it is given, but keeps the first one as
``flask_app``; Celery keeps what it built from the first configuration: the
broker connection pool and its producers, the remote control, the event
dispatcher and the result backend. A later module's application (another
broker, other queues, eager or not) would then send, inspect and run tasks
through the first one's. ``point_celery_at`` drops what was built and sets
``flask_app``, so that every module starts from its own configuration.
"""


def point_celery_at(app):
    """Make the process's Celery application serve ``app`` from its config on."""
    celery = app.extensions["flask-celeryext"].celery
    celery.flask_app = app
    # Dropped, not closed: what still holds the old pool finishes with it.
    celery._pool = None
    for built in ("amqp", "control", "events"):
        celery.__dict__.pop(built, None)
    celery._backend_cache = None
    celery._local.__dict__.pop("backend", None)
    return celery

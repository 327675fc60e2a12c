# SPDX-License-Identifier: MIT
"""What every resource of the package shares: its service, routes on its views.

A view says where it is served with ``@serves("GET", "list")``: the HTTP
method and the key of the path in ``config.routes``, so that a resource has
no table of routes to keep in step with its methods. The endpoint is the
view's name unless ``endpoint`` names another (a view serving several routes).
"""

from flask_resources import Resource, route


def serves(method, route_key, endpoint=None):
    """Serve the decorated view for ``method`` at ``config.routes[route_key]``."""

    def mark(view):
        known = getattr(view, "compchem_routes", ())
        view.compchem_routes = (*known, (method, route_key, endpoint))
        return view

    return mark


class ServiceResource(Resource):
    """A resource over one service; its views carry their routes (``serves``)."""

    def __init__(self, config, service):
        """Constructor."""
        super().__init__(config)
        self.service = service

    def create_url_rules(self):
        """A rule for every ``serves`` of the resource's views."""
        views = {}
        for cls in reversed(type(self).__mro__):
            views.update(vars(cls))
        return [
            route(method, self.config.routes[key], getattr(self, name), endpoint)
            for name, view in views.items()
            for method, key, endpoint in getattr(view, "compchem_routes", ())
        ]

"""Reports and documents of the registry: the focal-point directory (registered with
the report registry) and the event documents (daftar hadir, event report), which are
fetched through their event, in scope."""

from focal_points.exporters import registry  # noqa: F401

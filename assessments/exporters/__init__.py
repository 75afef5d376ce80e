"""Reports of the assessments app (registered on import): the evaluation recap."""

from assessments.exporters import recap  # noqa: F401

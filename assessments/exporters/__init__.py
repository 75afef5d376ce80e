"""Reports of the assessments app (registered on import): the evaluation recap and
the Rencana Pokja PUG."""

from assessments.exporters import plans, recap  # noqa: F401

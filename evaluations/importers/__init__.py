"""Imports of the evaluations app: budget lines (registered on import)."""

from evaluations.importers import budget  # noqa: F401

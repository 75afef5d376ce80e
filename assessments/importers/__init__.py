"""Imports of the assessments app: an instrument's items (registered on import)."""

from assessments.importers import instruments  # noqa: F401

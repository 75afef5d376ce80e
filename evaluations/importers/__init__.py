"""Imports of the evaluations app: budget lines and total belanja (registered on
import)."""

from evaluations.importers import budget, total_belanja  # noqa: F401

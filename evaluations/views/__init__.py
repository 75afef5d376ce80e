"""Evaluation pages, split by sub-domain."""

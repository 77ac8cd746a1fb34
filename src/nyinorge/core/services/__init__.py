"""Writes: one atomic transaction that changes state and writes the audit row."""

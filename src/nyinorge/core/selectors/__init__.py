"""Reads: scoped to what the user may see; reads of personal data write an audit entry."""

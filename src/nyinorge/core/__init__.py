"""Core: reference data (counties, municipalities, organisations), people, users and roles, audit."""

"""Writes of the matching app, one module per area (meetings, scheduling, invitations)."""

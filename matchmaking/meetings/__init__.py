"""Meetings: requests, answers, the mission schedule, the outbox and calendar files."""

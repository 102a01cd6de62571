"""Messaging has no background work; its notifications are sent by the outbox tasks."""

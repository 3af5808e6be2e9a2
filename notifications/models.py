"""Outbox, webhook subscriptions and in-app notifications."""

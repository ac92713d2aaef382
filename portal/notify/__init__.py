"""Telling reporters (and the duty desk) that something happened, through the outbox only."""

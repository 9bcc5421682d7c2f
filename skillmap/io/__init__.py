"""Readers and writers for posting inputs and exports."""

"""Integrations with the tools people already use (pandas, spaCy); each imports its tool lazily."""

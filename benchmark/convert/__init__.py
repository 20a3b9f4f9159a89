"""Converters from third-party attribution corpora into the attribench schema."""

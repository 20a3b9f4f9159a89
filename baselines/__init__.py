"""Baseline systems for attribench: rule-based and transformer."""

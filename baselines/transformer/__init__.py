"""Token-classification transformer baseline."""

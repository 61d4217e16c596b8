"""Proof records, the trusted checker, and the theorems (forward, softmax, properties, likelihood)."""

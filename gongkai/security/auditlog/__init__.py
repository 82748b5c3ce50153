"""auditlog console."""

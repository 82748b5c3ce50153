"""system console."""

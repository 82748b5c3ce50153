"""roles console."""

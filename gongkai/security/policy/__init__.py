"""policy console."""

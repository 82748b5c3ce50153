from django.dispatch import Signal

# Sent after an admin enters or corrects a holiday schedule: every stored deadline
# that depends on the calendar must be recomputed (receivers: catalog, applications…).
schedule_changed = Signal()

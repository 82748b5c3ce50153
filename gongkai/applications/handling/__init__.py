"""An application from receipt to answer (办理): the services (the only code that changes an
application), who may do what (``permissions``, ``actions``), assignment, letters and their
delivery, fees, deadline reminders, applicants' personal data, and the workbench pages."""

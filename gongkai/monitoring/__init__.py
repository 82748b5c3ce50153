"""安全监测: bounded failure events, security alerts, follow-up notes on audit events and shipping
the audit log to the operator's collector (GB/T 22239-2019 8.1.4.3, 8.1.4.4 f), 8.1.5.2 b), 8.1.5.4 d))."""

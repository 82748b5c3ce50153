"""运维 (operability): health and readiness probes, Prometheus metrics, JSON logs with a request id,
and the fan-out of per-unit background jobs over the queue."""

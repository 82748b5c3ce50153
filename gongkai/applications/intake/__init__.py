"""How an application comes in (受理): the public form and status look-up, the forms of the counter
registration, the application number and query code, and the public door's CAPTCHA and rate limit."""

from .audit import bind_request


class RequestContextMiddleware:
    """Makes the current request (user, address) known to the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with bind_request(request):
            return self.get_response(request)

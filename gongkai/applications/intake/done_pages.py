"""The page shown after an application is submitted, and its 登记回执, for the public form and the
counter alike: each passes how it finds the submission it just made (from the session)."""
from __future__ import annotations

from django.shortcuts import redirect, render

from ..handling import documents


def done_and_receipt(load, template: str, back: str):
    """Two views over ``load(request) -> (application, query code)``, which gives ``(None, None)``
    when the session holds no submission of this browser (then: back to ``back``)."""
    def done(request):
        app, code = load(request)
        if app is None:
            return redirect(back)
        return render(request, template, {"app": app, "query_code": code})

    def receipt(request):
        app, code = load(request)
        if app is None:
            return redirect(back)
        return documents.receipt_response(app, code)

    return done, receipt

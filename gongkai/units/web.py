"""View helpers shared by every staff workbench (catalog, applications, disputes, audit)."""
from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST


def staff_required(view):
    """Logged in and attached to a unit (or a superuser)."""
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.unit_id):
            messages.error(request, "您的账号未分配单位，请联系管理员")
            return redirect("portal:home")
        return view(request, *args, **kwargs)
    return wrapper


def role_required(*roles):
    def deco(view):
        @staff_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not (request.user.is_superuser or request.user.role in roles):
                return render(request, "catalog/forbidden.html", status=403)
            return view(request, *args, **kwargs)
        return wrapper
    return deco


def form_data(form, error_class):
    """The cleaned data, or ``error_class`` with every field error in one Chinese line."""
    if not form.is_valid():
        raise error_class("；".join(f"{form.fields[f].label}：{e}" if f in form.fields else e
                                    for f, errs in form.errors.items() for e in errs))
    return form.cleaned_data


def object_action(load, error_class, detail_view: str):
    """Decorator factory for POST-only actions on one record: load it (scoped, 404
    otherwise), run the view, show its message or the rule that refused it, and go
    back to the record's page."""
    def deco(view):
        @staff_required
        @require_POST
        @wraps(view)
        def wrapper(request, pk, **kwargs):
            obj = load(request, pk)
            try:
                done = view(request, obj, **kwargs)
            except error_class as exc:
                messages.error(request, str(exc))
            else:
                if done:
                    messages.success(request, done)
            return redirect(detail_view, pk=obj.pk)
        return wrapper
    return deco

import time

from django.conf import settings
from django.contrib.auth import logout

SESSION_STARTED_KEY = "jxjy_session_started"


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after login, however active it was (the 30-minute idle limit is
    SESSION_COOKIE_AGE, renewed on every request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = int(time.time())
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.JXJY_SESSION_MAX_SECONDS:
                logout(request)
        return self.get_response(request)

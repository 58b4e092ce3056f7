from django.conf import settings
from django.utils import translation


class LanguageCookieMiddleware:
    """Indonesian for everyone unless they chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many phones here
    are set to English; the portal speaks Indonesian first, so only the explicit choice counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

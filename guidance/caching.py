"""Cache headers: anonymous readers may be served from a CDN, nobody else ever is."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

PUBLIC_MAX_AGE = getattr(settings, "GUIDANCE_PUBLIC_MAX_AGE", 300)


def apply_cache_headers(request, response):
    """Public for anonymous GET/HEAD answers that succeeded; private and no-store otherwise."""
    anonymous = not getattr(request, "user", None) or not request.user.is_authenticated
    if (
        anonymous
        and request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not getattr(request, "is_preview", False)
    ):
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response


class CdnCacheMixin:
    """For Wagtail pages: cache headers on serve, never-cache on preview."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return apply_cache_headers(request, response)

    def serve_preview(self, request, *args, **kwargs):
        request.is_preview = True
        response = super().serve_preview(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

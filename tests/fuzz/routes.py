"""Every page of the portal, from Django's own resolver: what the fuzz test visits."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_NAMESPACES = {"admin"}  # Django's own admin; static files are served outside the URL patterns


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", as reverse() takes it
    keys: frozenset[str]  # its path parameters

    def __str__(self) -> str:
        return self.name


def _walk(patterns, namespace: str, keys: frozenset[str]):
    for pattern in patterns:
        here = keys | frozenset(pattern.pattern.converters)
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner, here)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield Route(f"{namespace}{pattern.name}", here)


def routes() -> list[Route]:
    return sorted(set(_walk(get_resolver().url_patterns, "", frozenset())), key=lambda route: route.name)

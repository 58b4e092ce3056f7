"""What the fuzz suite sends to, found from the code rather than written down.

portal_routes()        every URL pattern of the portal's own views (public, operator and
                       the staff screens inside the admin), from the URL conf
forms_of(route)        the Django forms (and filter sets) the route's view uses: form classes
                       named in its function, its class's methods, or the module-level
                       helpers and tables those name
query_params(route)    the query parameters its view reads: `request.GET.get("x")`,
                       `request.GET["x"]` in its module, plus the fields of forms bound to
                       `request.GET`
known_values(route)    literal values the view compares a query parameter with
                       (`fmt in ("xlsx", "csv")`), so the fuzz reaches those branches too
"""

import ast
import importlib
import inspect
import textwrap
from dataclasses import dataclass, field
from functools import cache

from django import forms
from django.urls import URLPattern, URLResolver, get_resolver
from django_filters import FilterSet

# The portal's own code. Wagtail's admin and Django's auth views are fuzzed only where these
# modules route to them (the sign-in and password reset pages under /masuk/).
OWN_PACKAGES = ("portal", "home", "guidance", "bookings", "coordination")
# Page serving (every Wagtail page, routed by the catch-all) and Wagtail's document URLs are
# public URLs of the site too.
PUBLIC_THIRD_PARTY = ("wagtail.views", "wagtail.documents.views")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route itself where it has no name
    route: str  # the pattern as written, e.g. "reservasi/<int:pk>/batal/"
    callback: object = field(compare=False, hash=False)
    urlconf: str = field(compare=False, hash=False)  # the module whose urlpatterns hold it

    @property
    def view(self):
        """The view function or class behind the callback."""
        view = getattr(self.callback, "view_class", None) or self.callback
        while hasattr(view, "__wrapped__"):
            view = view.__wrapped__
        return view

    @property
    def module(self):
        return self.view.__module__

    @property
    def converters(self):
        """{kwarg: converter name} of the route's path parameters, e.g. {"pk": "int"}."""
        found = {}
        for part in self.route.split("<")[1:]:
            spec = part.split(">", 1)[0]
            kind, _, name = spec.rpartition(":")
            found[name] = kind or "str"
        return found


def _owned(module_name):
    return module_name.split(".", 1)[0] in OWN_PACKAGES


def _walk(patterns, prefix, namespace, urlconf, found):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            module = entry.urlconf_name
            module_name = getattr(module, "__name__", None) or (
                module if isinstance(module, str) else urlconf
            )
            child_namespace = ":".join(filter(None, [namespace, entry.namespace]))
            _walk(
                entry.url_patterns,
                prefix + str(entry.pattern),
                child_namespace,
                module_name,
                found,
            )
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else route
            found.append(Route(name, route, entry.callback, urlconf))


@cache
def all_routes():
    found = []
    _walk(get_resolver().url_patterns, "", "", "portal.urls", found)
    return found


def portal_routes():
    """Every URL the portal itself routes: its own views, the auth views its URL conf names,
    page serving and document serving. The API (namespace `api`) is fuzzed from its schema."""
    routes = {}
    for route in all_routes():
        if route.name.startswith("api:"):
            continue
        module = route.module
        own = _owned(module) or (_owned(route.urlconf) and "wagtail.admin" not in route.urlconf)
        public = module in PUBLIC_THIRD_PARTY and not route.route.startswith("admin/")
        if own or public:
            routes.setdefault(route.name, route)
    return sorted(routes.values(), key=lambda r: r.name)


def api_routes():
    return sorted(
        {r.name: r for r in all_routes() if r.name.startswith("api:")}.values(),
        key=lambda r: r.name,
    )


# ---------------------------------------------------------------------------- source reading


@cache
def _module_tree(module_name):
    module = importlib.import_module(module_name)
    try:
        return module, ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return module, None


def _names_in(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)
    }


def _top_level(tree):
    """{name: node} of the module's functions, classes and assignments."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            found[node.name] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node
    return found


def _view_nodes(route):
    """The AST nodes of the view and of the module-level helpers it names (transitively)."""
    module, tree = _module_tree(route.module)
    if tree is None:
        return module, []
    top = _top_level(tree)
    start = top.get(route.view.__name__)
    if start is None:
        return module, []
    seen, queue, nodes = {route.view.__name__}, [start], []
    while queue:
        node = queue.pop()
        nodes.append(node)
        for name in _names_in(node):
            if name in top and name not in seen:
                seen.add(name)
                queue.append(top[name])
    # Base classes defined in the same module (a shared screen mixin) count as the view's.
    return module, nodes


def _is_form(value):
    return inspect.isclass(value) and (
        issubclass(value, forms.BaseForm) or issubclass(value, FilterSet)
    )


def forms_of(route):
    """The form and filter-set classes the route's view uses."""
    module, nodes = _view_nodes(route)
    names = set().union(*(_names_in(node) for node in nodes)) if nodes else set()
    found = []
    for name in sorted(names):
        value = getattr(module, name, None)
        if _is_form(value) and value not in found:
            found.append(value)
    view = route.view
    initkwargs = getattr(route.callback, "view_initkwargs", {})
    for attr in ("form_class", "filterset_class"):
        value = initkwargs.get(attr) or getattr(view, attr, None)
        if _is_form(value) and value not in found:
            found.append(value)
    return found


def form_fields(form_class):
    """{field name as posted: field} for a form (with its prefix) or a filter set."""
    if issubclass(form_class, FilterSet):
        fields = form_class.base_filters
        return {name: f.field for name, f in fields.items()}
    # Some forms add fields when made (the booking forms' date and times): make one where the
    # form can be made without arguments, else read the declared fields.
    try:
        if "room" in inspect.signature(form_class).parameters:
            instance = form_class(room=None)
        else:
            instance = form_class()
    except (TypeError, KeyError):
        prefix = getattr(form_class, "prefix", None)
        return {
            f"{prefix}-{name}" if prefix else name: f for name, f in form_class.base_fields.items()
        }
    return {instance.add_prefix(name): f for name, f in instance.fields.items()}


def _get_keys(node):
    """String keys read from `….GET` in the node: GET.get("x"), GET["x"], GET.getlist("x")."""
    keys = set()
    for n in ast.walk(node):
        if (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr in ("get", "getlist")
            and isinstance(n.func.value, ast.Attribute)
            and n.func.value.attr == "GET"
            and n.args
            and isinstance(n.args[0], ast.Constant)
        ):
            keys.add(n.args[0].value)
        elif (
            isinstance(n, ast.Subscript)
            and isinstance(n.value, ast.Attribute)
            and n.value.attr == "GET"
            and isinstance(n.slice, ast.Constant)
        ):
            keys.add(n.slice.value)
    return keys


def _bound_to_get(node):
    """Names of forms constructed with request.GET in the node."""
    names = set()
    for n in ast.walk(node):
        if (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name)
            and n.args
            and any(
                isinstance(sub, ast.Attribute) and sub.attr == "GET" for sub in ast.walk(n.args[0])
            )
        ):
            names.add(n.func.id)
    return names


def get_forms_of(route):
    """The forms the view binds to the query string (JumpForm(request.GET), filter sets)."""
    module, nodes = _view_nodes(route)
    names = set().union(*(_bound_to_get(node) for node in nodes)) if nodes else set()
    found = [getattr(module, n) for n in sorted(names) if _is_form(getattr(module, n, None))]
    filterset = getattr(route.view, "filterset_class", None)
    if _is_form(filterset):
        found.append(filterset)
    return found


def query_params(route):
    """Every query parameter the view reads, directly or through a form."""
    _module, nodes = _view_nodes(route)
    keys = set().union(*(_get_keys(node) for node in nodes)) if nodes else set()
    for form_class in get_forms_of(route):
        keys |= set(form_fields(form_class))
    # Paginated listings read ?page= (Django's paginator) or ?p= (Wagtail's listing views).
    if hasattr(route.view, "paginate_by"):
        keys |= {"p"}
    return sorted(keys)


def known_values(route):
    """{query parameter: literal values the view compares it with}."""
    _module, nodes = _view_nodes(route)
    values = {}
    for node in nodes:
        assigned = {}
        for n in ast.walk(node):
            if isinstance(n, ast.Assign) and len(n.targets) == 1:
                target = n.targets[0]
                keys = _get_keys(n.value)
                if isinstance(target, ast.Name) and len(keys) == 1:
                    assigned[target.id] = keys.pop()
        for n in ast.walk(node):
            if isinstance(n, ast.Compare) and isinstance(n.left, ast.Name):
                key = assigned.get(n.left.id)
                if key is None:
                    continue
                for comparator in n.comparators:
                    items = (
                        comparator.elts
                        if isinstance(comparator, ast.Tuple | ast.List | ast.Set)
                        else [comparator]
                    )
                    for item in items:
                        if isinstance(item, ast.Constant) and isinstance(item.value, str):
                            values.setdefault(key, set()).add(item.value)
    return {key: sorted(found) for key, found in values.items()}


def source_of(obj):
    return textwrap.dedent(inspect.getsource(obj))

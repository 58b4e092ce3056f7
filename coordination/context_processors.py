"""Template context for every page: what waits for the signed-in operator's village."""

from django.utils.functional import SimpleLazyObject

from .todo import operator_todo


def todo(request):
    """`todo`: the operator's to-do counts (`todo.OperatorTodo`) or None. Lazy: the one query
    runs only on pages that show it (the site header, for signed-in users)."""
    user = getattr(request, "user", None)
    return {"todo": SimpleLazyObject(lambda: operator_todo(user))}

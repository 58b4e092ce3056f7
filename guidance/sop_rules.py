"""What makes an SOP procedure drawable, in one place for the admin form and the Excel import.

Works on plain data (``ProcedureData``/``StepData``), so the form, the import and the tests
share the same rules and messages. Step numbers are 1-based within their procedure."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .constants import MAX_ACTORS, StepKind

MAX_PROCEDURE_TITLE = 31  # an Excel sheet name, which the export uses as the title
IDENTITY_SHEET = "Identitas"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

START, PROCESS, DECISION, END = StepKind.values
KINDS = tuple(StepKind.values)
DEFAULT_PROCEDURE_TITLE = "Prosedur"


@dataclass
class StepData:
    activity: str
    actors: list
    kind: str = PROCESS
    yes_step: int | None = None
    no_step: int | None = None
    requirements: str = ""
    time: object = None  # a sop_values.Duration or None
    output: str = ""
    remarks: str = ""


@dataclass
class ProcedureData:
    title: str
    steps: list = field(default_factory=list)


@dataclass
class Problem:
    message: str
    procedure: int | None = None  # index in the list of procedures
    step: int | None = None  # index in the procedure's steps
    field: str | None = None  # "actors", "kind", "yes_step", "no_step", "title"


def key(name):
    """Names are compared without regard to case and spacing."""
    return " ".join(name.split()).casefold()


def actor_problems(names):
    problems = []
    if not names:
        problems.append(Problem(_("List at least one actor.")))
    if len(names) > MAX_ACTORS:
        problems.append(
            Problem(
                _(
                    "An SOP can have at most %(max)d actors; this one has %(count)d. Combine "
                    "actors who do the same work, or split the SOP."
                )
                % {"max": MAX_ACTORS, "count": len(names)}
            )
        )
    seen = set()
    for name in names:
        if key(name) in seen:
            problems.append(
                Problem(_("The actor “%(name)s” is listed twice.") % {"name": name}, field="name")
            )
        seen.add(key(name))
    return problems


def title_problems(title):
    """A procedure's title becomes an Excel sheet name, so it follows the sheet-name rules."""
    if not title.strip():
        return [_("Give the procedure a title.")]
    problems = []
    if len(title) > MAX_PROCEDURE_TITLE:
        problems.append(
            _("A procedure title has at most %(max)d characters (it names an Excel sheet).")
            % {"max": MAX_PROCEDURE_TITLE}
        )
    if _SHEET_FORBIDDEN.search(title):
        problems.append(_("A procedure title cannot contain [ ] : * ? / or \\."))
    if key(title) == key(IDENTITY_SHEET):
        problems.append(_("“Identitas” is the name of the identity sheet; choose another title."))
    return problems


def _target_problem(target, number, total, branch):
    if target < 1 or target > total:
        return _("Step %(target)d does not exist: this procedure has steps 1 to %(total)d.") % {
            "target": target,
            "total": total,
        }
    if target == number:
        return _("“%(branch)s” cannot lead back to the decision itself.") % {"branch": branch}
    return None


def step_problems(step, number, total, actor_keys):
    """(field, message) pairs for one step; ``number`` is its 1-based position."""
    problems = []
    if not step.actors:
        problems.append(("actors", _("Choose who does this step.")))
    for name in step.actors:
        if key(name) not in actor_keys:
            problems.append(
                ("actors", _("“%(name)s” is not in the SOP's list of actors.") % {"name": name})
            )
    if step.kind not in KINDS:
        problems.append(("kind", _("Choose start, process, decision or end.")))
    if step.kind != DECISION:
        for name in ("yes_step", "no_step"):
            if getattr(step, name):
                problems.append((name, _("Only a decision has “Ya” and “Tidak” branches.")))
        return problems
    yes = step.yes_step
    if yes is None and number == total:
        problems.append(
            ("yes_step", _("This decision is the last step: say which step follows on “Ya”."))
        )
    elif yes is not None and (problem := _target_problem(yes, number, total, "Ya")):
        problems.append(("yes_step", problem))
    if step.no_step is None:
        problems.append(("no_step", _("Say which step follows when the answer is “Tidak”.")))
    elif problem := _target_problem(step.no_step, number, total, "Tidak"):
        problems.append(("no_step", problem))
    elif step.no_step == (yes or number + 1):
        problems.append(("no_step", _("“Ya” and “Tidak” must lead to different steps.")))
    return problems


def procedure_problems(actor_names, procedures):
    """Every reason the procedures cannot be drawn, as ``Problem``s (empty when fine)."""
    problems = actor_problems(actor_names)
    actor_keys = {key(name) for name in actor_names}
    if not procedures:
        problems.append(Problem(_("Enter at least one step.")))
    titles = set()
    for p, procedure in enumerate(procedures):
        for message in title_problems(procedure.title):
            problems.append(Problem(message, procedure=p, field="title"))
        if key(procedure.title) in titles:
            problems.append(
                Problem(
                    _("Two procedures are titled “%(title)s”.") % {"title": procedure.title},
                    procedure=p,
                    field="title",
                )
            )
        titles.add(key(procedure.title))
        if not procedure.steps:
            problems.append(Problem(_("This procedure has no steps."), procedure=p))
        total = len(procedure.steps)
        for s, step in enumerate(procedure.steps):
            for name, message in step_problems(step, s + 1, total, actor_keys):
                problems.append(Problem(message, procedure=p, step=s, field=name))
    return problems


def yes_target(step, number):
    """The step a decision's “Ya” leads to: the one given, else the next."""
    return step.yes_step or number + 1

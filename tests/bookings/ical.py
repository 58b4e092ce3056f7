"""A small, independent reader for the raw iCalendar text the portal serves (RFC 5545 §3.1).

Deliberately not icalendar (the library that writes the feeds): it unfolds lines and splits
components and properties by hand, so the structural checks do not trust the writer.
"""


def unfold(raw):
    text = raw.decode() if isinstance(raw, bytes) else raw
    assert "\r\n" in text, "iCalendar lines end in CRLF"
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def _split(line):
    """NAME;PARAM=VALUE;…:value → (name, {param: value}, value); colons in quotes are kept."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:index], line[index + 1 :]
            break
    else:
        raise AssertionError(f"not a content line: {line!r}")
    name, *params = head.split(";")
    return name.upper(), dict(param.split("=", 1) for param in params), value


def components(raw, kind):
    """Every component named `kind` (e.g. VEVENT) as {NAME: [(params, value), …]}."""
    found, stack = [], []
    for line in unfold(raw):
        if not line:
            continue
        name, params, value = _split(line)
        if name == "BEGIN":
            stack.append((value, {}))
        elif name == "END":
            component_kind, properties = stack.pop()
            assert component_kind == value, f"END:{value} closes BEGIN:{component_kind}"
            if component_kind == kind:
                found.append(properties)
        elif stack:
            stack[-1][1].setdefault(name, []).append((params, value))
    assert not stack, "every BEGIN has its END"
    return found


def value(component, name):
    (entry,) = component[name]
    return entry[1]


def params(component, name):
    (entry,) = component[name]
    return entry[0]

"""Templates that users write (a commune's Word letters and forms) are filled in a sandbox.

A template may print its documented fields, pass them through a few text filters and choose text with
`{% if %}`; nothing else. `template_problems` reads the template's syntax tree (never its text with
regular expressions) and names everything else it finds: attribute or item access (`letter.__class__`),
calls, Jinja's own functions (`lipsum`, `cycler`, `joiner`, `namespace`, `range`…), unknown filters and
tests, loops, `set`, `include`, `import`, `macro`, `autoescape`… Such a template is refused when it is
uploaded and again before each rendering, and `render_docx` renders in an `ImmutableSandboxedEnvironment`
with no globals and only the allowed filters and tests, so even a template that escaped both checks
cannot reach Python.
"""

import hashlib
from collections.abc import Iterable, Iterator
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.sandbox import ImmutableSandboxedEnvironment

# The filters and tests a template may use; README "Letter templates: what a template may use" lists them.
# None makes a text longer than its field and a constant (`replace` chained would grow it without bound).
ALLOWED_FILTERS = ("upper", "lower", "title", "capitalize", "trim", "default", "d", "truncate")
ALLOWED_TESTS = ("defined", "undefined", "none")
ALLOWED_COMPARISONS = {"eq", "ne"}

# Nodes a template may contain; anything else is named and refused.
_ALLOWED_NODES = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Const,
    nodes.Name,
    nodes.Filter,
    nodes.Test,
    nodes.Keyword,
    nodes.If,
    nodes.CondExpr,
    nodes.Not,
    nodes.And,
    nodes.Or,
    nodes.Compare,
    nodes.Operand,
    nodes.Concat,
    nodes.Scope,  # only inside `with` and `autoescape`, which are named
)
_STATEMENT_TAGS: dict[type[nodes.Node], str] = {
    nodes.For: "for",
    nodes.Assign: "set",
    nodes.AssignBlock: "set",
    nodes.Macro: "macro",
    nodes.CallBlock: "call",
    nodes.FilterBlock: "filter",
    nodes.With: "with",
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
    nodes.Extends: "extends",
    nodes.Block: "block",
    nodes.ScopedEvalContextModifier: "autoescape",
    nodes.EvalContextModifier: "autoescape",
    nodes.ExprStmt: "do",
    nodes.Continue: "continue",
    nodes.Break: "break",
}
_OPERATORS: dict[type[nodes.Node], str] = {
    nodes.Add: "+",
    nodes.Sub: "-",
    nodes.Mul: "*",
    nodes.Div: "/",
    nodes.FloorDiv: "//",
    nodes.Mod: "%",
    nodes.Pow: "**",
    nodes.Neg: "-",
    nodes.Pos: "+",
}


def sandbox() -> ImmutableSandboxedEnvironment:
    """Return a sandboxed Jinja environment with no globals and only the allowed filters and tests."""
    environment = ImmutableSandboxedEnvironment(autoescape=True)
    environment.globals = {}
    environment.filters = {name: environment.filters[name] for name in ALLOWED_FILTERS}
    environment.tests = {name: environment.tests[name] for name in ALLOWED_TESTS}
    return environment


def describe(node: nodes.Node) -> str:
    """Return the expression as a template author wrote it, near enough to find it in the document."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{describe(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{describe(node.node)}[{describe(node.arg)}]"
    if isinstance(node, nodes.Call):
        return f"{describe(node.node)}(…)"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"{describe(node.node)}|{node.name}"
    return "…"


_ACCESS = (nodes.Getattr, nodes.Getitem, nodes.Slice, nodes.Call)


def _walk(node: nodes.Node, *, inside_access: bool = False) -> Iterator[tuple[nodes.Node, bool]]:
    """Yield every node with whether it is part of an attribute access or call already named."""
    yield node, inside_access
    for child in node.iter_child_nodes():
        yield from _walk(child, inside_access=inside_access or isinstance(node, _ACCESS))


def template_problems(sources: Iterable[str], fields: set[str]) -> tuple[list[str], set[str]]:
    """Return (problems, names): what the template may not do, in Vietnamese, and the fields it prints.

    `sources` are the Jinja texts of one template (a Word file has several parts); `fields` the names it
    may use. Names that are not fields are returned in `names` for the caller's own message, except
    Jinja's functions, which are problems.
    """
    environment = sandbox()
    problems: list[str] = []
    names: set[str] = set()
    for source in sources:
        try:
            tree = environment.parse(source)
        except TemplateSyntaxError as error:
            problems.append(
                _("The template has a placeholder that is not written correctly: %(error)s")
                % {"error": error.message}
            )
            continue
        for node, inside_access in _walk(tree):
            if inside_access and isinstance(node, _ACCESS):
                continue  # `a.b.c()` is named once, as a whole
            problem = _node_problem(node, fields)
            if problem:
                problems.append(problem)
            elif isinstance(node, nodes.Name) and node.ctx == "load":
                names.add(node.name)
    return list(dict.fromkeys(problems)), names


def _node_problem(node: nodes.Node, fields: set[str]) -> str:
    if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Slice):
        return _("Reading an attribute or an item of a field is not allowed: {{ %(expr)s }}") % {
            "expr": describe(node)
        }
    if isinstance(node, nodes.Call):
        return _("Calling a function is not allowed: {{ %(expr)s }}") % {"expr": describe(node)}
    if isinstance(node, nodes.Name):
        if "__" in node.name:
            return _("Names with a double underscore are not allowed: %(name)s") % {"name": node.name}
        if node.name in DEFAULT_NAMESPACE and node.name not in fields:
            return _("Jinja's own functions are not allowed: %(name)s") % {"name": node.name}
        return ""
    if isinstance(node, nodes.Filter):
        return _unlisted(
            node, ALLOWED_FILTERS, _("This filter is not allowed: %(name)s (allowed: %(allowed)s)")
        )
    if isinstance(node, nodes.Test):
        return _unlisted(node, ALLOWED_TESTS, _("This test is not allowed: %(name)s (allowed: %(allowed)s)"))
    if isinstance(node, nodes.Operand) and node.op not in ALLOWED_COMPARISONS:
        return _("Only == and != may compare fields.")
    if isinstance(node, nodes.Const) and isinstance(node.value, str) and "__" in node.value:
        return _("Names with a double underscore are not allowed: %(name)s") % {"name": node.value}
    if isinstance(node, _ALLOWED_NODES):
        return ""
    tag = _STATEMENT_TAGS.get(type(node))
    if tag:
        return _("This instruction is not allowed in a template: {%% %(tag)s %%}") % {"tag": tag}
    symbol = _OPERATORS.get(type(node), type(node).__name__)
    return _("This expression is not allowed in a template: %(expr)s") % {"expr": symbol}


def _unlisted(node: nodes.Filter | nodes.Test, allowed: tuple[str, ...], message: str) -> str:
    arguments = [*node.args, *(keyword.value for keyword in node.kwargs)]
    if node.name in allowed and not node.dyn_args and not node.dyn_kwargs:
        if all(isinstance(argument, nodes.Const) for argument in arguments):
            return ""
        return _("A filter's or test's arguments must be plain text or numbers: %(name)s") % {
            "name": node.name
        }
    return message % {"name": node.name, "allowed": ", ".join(allowed)}


# --- Word templates -------------------------------------------------------------------------------------
def docx_sources(content: bytes) -> list[str]:
    """Return every Jinja text docxtpl renders in a Word template: the body, headers, footers, footnotes
    and the document's properties (title, subject, author…); raise ValidationError if it is not a .docx."""
    try:
        template = DocxTemplate(BytesIO(content))
        template.init_docx()
        sources = [template.patch_xml(template.get_xml())]
        for uri in (template.HEADER_URI, template.FOOTER_URI):
            for _key, part in template.get_headers_footers(uri):
                sources.append(template.patch_xml(template.get_part_xml(part)))
        for part in template.docx.part.package.parts:
            if part.content_type.endswith(".wordprocessingml.footnotes+xml"):
                blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
                sources.append(template.patch_xml(blob))
        properties = template.docx.core_properties
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            sources.append(getattr(properties, name) or "")
    except Exception as error:  # whatever python-docx cannot open is not a Word file we can use
        raise ValidationError(_("The file is not a Word document (.docx).")) from error
    return sources


_CHECKED: dict[tuple[str, frozenset[str]], tuple[list[str], set[str]]] = {}
_CHECKED_MAX = 256


def check_docx(content: bytes, fields: set[str]) -> tuple[list[str], set[str]]:
    """Return (problems, names) of a Word template; the answer is remembered per file and field list, so
    a batch of letters reads its template's syntax once."""
    key = (hashlib.sha256(content).hexdigest(), frozenset(fields))
    if key not in _CHECKED:
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = template_problems(docx_sources(content), fields)
    problems, names = _CHECKED[key]
    return list(problems), set(names)


def render_docx(content: bytes, context: dict[str, Any], *, fields: set[str]) -> bytes:
    """Return the Word template filled with the documented `fields` of `context`, in the sandbox.

    A template that does anything else is refused (ValidationError) and never executed, whoever stored
    it and whenever.
    """
    problems, names = check_docx(content, fields)
    unknown = sorted(names - fields)
    if unknown:
        problems.append(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    if problems:
        raise ValidationError([_("This template is refused and was not used."), *problems])
    template = DocxTemplate(BytesIO(content))
    template.render({name: context[name] for name in fields if name in context}, sandbox(), autoescape=True)
    buffer = BytesIO()
    template.save(buffer)
    return buffer.getvalue()

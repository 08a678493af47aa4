"""Actions that cannot be undone look different (a `danger` button) and ask first (`data-confirm`, asked by
static/js/app.js: the Content-Security-Policy forbids inline handlers such as `onsubmit`)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(ROOT.glob("*/templates/**/*.html")) + sorted((ROOT / "templates").glob("**/*.html"))

# The URL names whose forms refuse, withdraw, reset or cancel something.
DESTRUCTIVE = {
    "dossiers:reject",
    "units:membership_withdraw",
    "units:password_reset",
    "letters:cancel",
    "households:consent_withdraw",
    "disclosure:consent_withdraw",
    "disclosure:announcement_cancel",
}
TAG = re.compile(r"<(form|button)\b[^>]*>", re.DOTALL)
TARGET = re.compile(r"""(?:action|formaction)="\{% url '([a-z_]+:[a-z_]+)'""")


def _destructive_tags() -> list[tuple[str, str, str, str]]:
    """Return (template, url name, the tag, the form's whole text up to </form>) for each destructive one."""
    found = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for match in TAG.finditer(text):
            target = TARGET.search(match.group(0))
            if target and target.group(1) in DESTRUCTIVE:
                end = text.find("</form>", match.end())
                found.append((path.name, target.group(1), match.group(0), text[match.start() : end]))
    return found


def test_every_destructive_action_is_found():
    assert {name for _file, name, _tag, _form in _destructive_tags()} == DESTRUCTIVE


@pytest.mark.parametrize(("template", "name", "tag", "form"), _destructive_tags())
def test_a_destructive_action_asks_first_and_looks_different(template, name, tag, form):
    assert "data-confirm=" in tag, f"{template}: {name} does not ask first"
    submit = re.findall(r"<button\b[^>]*>", form if tag.startswith("<form") else tag)
    assert any(re.search(r"class=\"[^\"]*\bdanger\b", button) for button in submit), (
        f"{template}: {name} has no danger button"
    )


def test_no_template_uses_an_inline_handler_the_csp_blocks():
    handler = re.compile(r"\son(submit|click|change)=")
    offenders = [path.name for path in TEMPLATES if handler.search(path.read_text())]
    assert offenders == []


def test_the_script_asks_what_data_confirm_says():
    script = (ROOT / "static" / "js" / "app.js").read_text()
    assert "dataset.confirm" in script and "window.confirm" in script

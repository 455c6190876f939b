"""axe-core in the page under test: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's
best practices. Any violation, at any impact, fails the test.

axe runs in the page as the portal serves it, Content Security Policy included: its source is
handed to the page by Playwright's `evaluate` (the DevTools protocol, which the page's CSP does
not govern), not as an inline script the CSP would refuse, and the browser context is never
told to bypass the CSP.
"""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
# axe 4.7 retired its duplicate-id rules from the WCAG tags (WCAG 2.2 dropped 4.1.1): the portal
# keeps ids unique all the same, since a label or a fragment link finds the first one only.
RULES = {"duplicate-id": {"enabled": True}, "duplicate-id-active": {"enabled": True}}
# What axe cannot decide, it leaves "incomplete" for a person to review: those fail too (a
# dangling aria-describedby, a field with two labels), except colour contrast it cannot measure
# (text over glyph-only buttons, empty inputs) and names it cannot compare with a glyph (the
# reader's ‹ › buttons, whose aria-label says what they do): people reviewed those.
REVIEWED = {"color-contrast", "label-content-name-mismatch"}
RUN = """([tags, rules, reviewed]) =>
    axe.run(document, {runOnly: {type: "tag", values: tags}, rules})
    .then(results => results.violations.concat(
        results.incomplete.filter(rule => !reviewed.includes(rule.id))
            .map(rule => ({...rule, impact: rule.impact + ", needs review"}))))
    .then(found => found.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        targets: v.nodes.map(n => n.target.join(" ")),
        summaries: v.nodes.map(n => n.failureSummary),
    })))"""


# The portal's own check beside axe's: a shown label names a control that is shown too (axe
# passes a label whose control is hidden, which leaves the label naming nothing one can use).
LABELS_OF_HIDDEN_CONTROLS = """() => Array.from(document.querySelectorAll("label[for]"))
    .filter(label => label.checkVisibility())
    .filter(label => { const control = document.getElementById(label.htmlFor);
        return !control || control.type === "hidden" || !control.checkVisibility(); })
    .map(label => `label[for="${label.htmlFor}"]`)"""


def open_every_details(page, but: str = ""):
    """Open every <details> on the page (but those matching the selector `but`), so that what
    they hide is checked too."""
    page.evaluate(
        """but => document.querySelectorAll('details').forEach(d => {
            if (!(but && d.matches(but))) d.open = true; })""",
        but,
    )


def violations(page) -> list[dict]:
    """axe's violations on the page as it is now, injecting axe first if the page lacks it."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    found = page.evaluate(RUN, [TAGS, RULES, sorted(REVIEWED)])
    if labels := page.evaluate(LABELS_OF_HIDDEN_CONTROLS):
        found.append(
            {
                "id": "label-of-a-hidden-control",
                "impact": "serious",
                "help": "A shown label must name a shown control",
                "helpUrl": "https://www.w3.org/WAI/WCAG22/Understanding/labels-or-instructions",
                "targets": labels,
                "summaries": ["Its control is hidden or missing."] * len(labels),
            }
        )
    return found


def describe(found: list[dict]) -> str:
    """One paragraph per rule: its id, impact and help page, then each element it found."""
    lines = []
    for violation in found:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for target, summary in zip(violation["targets"], violation["summaries"], strict=True):
            reason = " ".join(summary.split())
            lines.append(f"    {target}: {reason}")
    return "\n".join(lines)


def assert_accessible(page, where: str = ""):
    """Fail, naming each rule, element and help page, if axe finds anything on the page."""
    found = violations(page)
    assert not found, f"axe-core on {where or page.url}:\n{describe(found)}"

"""The keyboard alone, as a person without a mouse moves through a page: Tab until the wanted control has the
focus, every stop on the way showing where the focus is (WCAG 2.4.7), then Space, Enter, arrows or typing."""

from playwright.sync_api import expect

from tests.factories import PASSWORD

FOCUS_STOP = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return {shows: true};
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
    return {shows: outline || shadow, html: el.outerHTML.slice(0, 120)};
}"""

LABEL_IS = """(el, wanted) => [...(el.labels || [])]
    .some((label) => label.textContent.replace("*", "").trim() === wanted)"""


def tab_to(page, test: str, presses: int = 300) -> None:
    """Press Tab until the focused element `el` passes the JavaScript `test`; fail at a stop whose focus is
    invisible, or if Tab never gets there."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_STOP)
        assert stop["shows"], f"the focus does not show on {stop['html']}"
        if page.evaluate(f"() => {{ const el = document.activeElement; return Boolean({test}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def tab_to_label(page, label: str) -> None:
    """Tab to the form control labelled exactly `label`."""
    tab_to(page, f"({LABEL_IS})(el, {label!r})")


def tab_to_button(page, name: str) -> None:
    """Tab to the button or link that reads `name`."""
    tab_to(page, f"el.textContent.trim() === {name!r}")


def enter(page) -> None:
    """Press Enter on a link or a form's button, and wait for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page, label: str, text: str) -> None:
    tab_to_label(page, label)
    page.keyboard.type(text)


def choose(page, label: str, option: str) -> None:
    """Pick a list's option by typing its first words, as a person does on a focused list."""
    tab_to_label(page, label)
    page.keyboard.type(option)
    chosen = page.evaluate("() => document.activeElement.selectedOptions[0].textContent.trim()")
    assert chosen == option, f"typing {option!r} on {label!r} chose {chosen!r}"


def sign_in_by_keyboard(page, user, password: str = PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    type_into(page, "Work email", user.username)
    enter(page)
    expect(page.get_by_text("Enter your portal password.")).to_be_visible()
    type_into(page, "Password", password)
    enter(page)
    page.wait_for_url("**/")

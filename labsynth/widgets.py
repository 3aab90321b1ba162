"""The explorer notebook's interactive panels (ipywidgets): a search box with theme and
group pickers, a theme reader, a hand-coding form.

Each panel is an ipywidgets box over a :class:`~labsynth.explore.Workbench`; nothing
here analyses anything (the workbench does). :func:`show` displays a panel so that a
static copy of the notebook (nbconvert, GitHub) reads a French sentence instead of
the widget's Python repr: widgets only live in a running kernel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from labsynth.errors import LabsynthError

if TYPE_CHECKING:
    from labsynth.explore import Workbench

__all__ = ["coding_form", "preview", "search_panel", "show", "theme_reader"]

ALL = "(tous)"
#: columns of a search result shown in the panel
SEARCH_COLUMNS = ["segment_id", "theme_id", "avant", "mot", "après", "provenance"]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def show(panel: Any, static: str, interactive: bool = True) -> None:
    """Display a panel; ``static`` is what a copy of the notebook without a kernel shows
    in its place (the widget's plain-text form would be ``VBox(children=(…))``).

    Parameters
    ----------
    panel : widget or callable
        The panel, or a function building it (not called when ``interactive`` is false).
    static : str
        French sentence shown by a static copy.
    interactive : bool
        False: show ``static`` only, create no widget. For headless runs (papermill,
        nbclient): nbclient can block on a cell that creates widgets
        (jupyter/nbclient#312, open), and no one can use them there anyway.
    """
    from IPython.display import display

    if not interactive:
        display({"text/plain": static, "text/html": f"<p><em>{_escape(static)}</em></p>"},
                raw=True)
        return
    if callable(panel) and not hasattr(panel, "_repr_mimebundle_"):
        panel = panel()
    bundle = panel._repr_mimebundle_()
    data = {WIDGET_MIME: bundle[WIDGET_MIME], "text/plain": static,
            "text/html": f"<p><em>{_escape(static)}</em></p>"} if WIDGET_MIME in bundle \
        else {"text/plain": static}
    display(data, raw=True)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def _options(wb: Workbench) -> list[tuple[str, str]]:
    return [(ALL, "")] + [(f"{t} · {label}", t) for t, label in
                          zip(wb.themes["theme_id"], wb.themes["label"], strict=True)]


def search_panel(wb: Workbench, query: str = "", column: str | None = None,
                 limit: int = 50) -> Any:
    """A search box (words and lemmas, « "mot" » for the exact word), a theme picker, a
    picker of the values of ``column`` (a profile, a territory...) and a picker of who
    speaks; the results as a table, ``limit`` rows at most."""
    import ipywidgets as w
    from IPython.display import display

    box = w.Text(value=query, description="Chercher", placeholder="mots ou expression",
                 continuous_update=False, layout=w.Layout(width="50%"))
    theme = w.Dropdown(options=_options(wb), value="", description="Thème")
    values = [] if column is None else sorted(
        {str(v) for v in wb.segments[wb.column(column)].dropna()})
    group = w.Dropdown(options=[ALL, *values], value=ALL, description=column or "Groupe",
                       disabled=column is None)
    role = w.Dropdown(options=[("participant·es", "participant"), ("tout le monde", "")],
                      value="participant", description="Qui parle")
    out = w.Output()

    def update(_: Any = None) -> None:
        out.clear_output()
        with out:
            if not box.value.strip():
                print("Tapez un mot ou une expression, puis Entrée.")
                return
            where = {column: group.value} if column and group.value != ALL else None
            try:
                found = wb.search(box.value, theme=theme.value or None,
                                  role=role.value or None, where=where)
            except LabsynthError as exc:
                print(exc)
                return
            print(f"{len(found)} passage(s) trouvé(s)"
                  + (f", {limit} premiers affichés" if len(found) > limit else "") + ".")
            display(found[SEARCH_COLUMNS].head(limit))

    for control in (box, theme, group, role):
        control.observe(update, names="value")
    update()
    return w.VBox([w.HBox([box, role]), w.HBox([theme, group]), out])


def theme_reader(wb: Workbench, n: int = 10) -> Any:
    """Pick a theme: its verbatims as the report shows them, then its ``n`` most
    central segments."""
    import ipywidgets as w
    from IPython.display import display

    picker = w.Dropdown(options=_options(wb)[1:], description="Thème")
    out = w.Output()

    def update(_: Any = None) -> None:
        out.clear_output()
        with out:
            print("Verbatims du rapport (épinglés d'abord) :")
            display(wb.quotes(picker.value))
            print(f"Les {n} segments les plus centraux :")
            display(wb.members(picker.value, n=n)[["segment_id", "score", "speaker",
                                                   "text", "quoted", "pinned"]])

    picker.observe(update, names="value")
    update()
    return w.VBox([picker, out])


def coding_form(wb: Workbench) -> Any:
    """A form writing one decision to ``codage.csv`` (déplacer, épingler, écarter,
    coder) and applying it at once; says where it was written, and any conflict."""
    import ipywidgets as w

    action = w.ToggleButtons(options=[("déplacer", "move"), ("épingler", "pin"),
                                      ("écarter", "drop"), ("coder", "code")],
                             value="code", description="Action")
    segment = w.Text(description="Segment", placeholder="identifiant (colonne segment_id)",
                     layout=w.Layout(width="70%"))
    theme = w.Dropdown(options=[("T00 · Non classé", "T00"), *_options(wb)[1:]],
                       description="Vers")
    code = w.Text(description="Code", placeholder="Parent / Enfant")
    words = w.Text(description="Extrait", placeholder="les mots exacts (vide : tout)",
                   layout=w.Layout(width="70%"))
    note = w.Text(description="Note")
    button = w.Button(description="Écrire dans codage.csv", button_style="primary")
    out = w.Output()

    def write(_: Any) -> None:
        out.clear_output()
        with out:
            try:
                if action.value == "move":
                    said = wb.move(segment.value, theme.value, note=note.value)
                elif action.value == "pin":
                    said = wb.pin(segment.value, extrait=words.value, note=note.value)
                elif action.value == "drop":
                    said = wb.drop(segment.value, note=note.value)
                else:
                    if not code.value.strip():
                        print("Donnez un code.")
                        return
                    said = wb.code(segment.value, code.value, extrait=words.value,
                                   note=note.value)
            except LabsynthError as exc:
                print(exc)
                return
            print("\n".join(said))

    button.on_click(write)
    return w.VBox([action, segment, theme, code, words, note, button, out])


def preview(decisions: list[dict[str, str]]) -> pd.DataFrame:
    """Lines as they would be written to ``codage.csv`` (French headers)."""
    from labsynth.coding import ACTION_WORDS, ACTIONS, COLUMNS
    from labsynth.search import fold

    rows = [{c: d.get(c, "") for c in COLUMNS} | {
        "action": ACTION_WORDS[ACTIONS[fold(d["action"])]]} for d in decisions]
    return pd.DataFrame(rows, columns=COLUMNS)

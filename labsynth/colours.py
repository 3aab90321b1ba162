"""One colour per theme, the same on quote cards, sticky notes and REFI-QDA codes.

The palette is ColorBrewer's « Set3 » (12 light colours, the one matplotlib ships under
that name): black text stays readable on every one of them, on screen and printed, and
light colours are what sticky notes look like on a wall. Colours are given by theme
number (``T01`` → the first), so a theme keeps its colour from one run to the next as it
keeps its id; past 12 themes they repeat, which is why the theme's name is always written
beside its colour. ``T00`` (not classified) is grey.
"""

from __future__ import annotations

__all__ = ["UNCLASSIFIED_COLOUR", "theme_colour"]

#: (French name, hex): ColorBrewer Set3, in its own order
_SET3 = (
    ("turquoise", "#8DD3C7"), ("jaune pâle", "#FFFFB3"), ("lavande", "#BEBADA"),
    ("saumon", "#FB8072"), ("bleu", "#80B1D3"), ("orange", "#FDB462"),
    ("vert", "#B3DE69"), ("rose", "#FCCDE5"), ("gris clair", "#D9D9D9"),
    ("violet", "#BC80BD"), ("vert d'eau", "#CCEBC5"), ("jaune", "#FFED6F"),
)
UNCLASSIFIED_COLOUR = ("gris", "#B0B7BF")


def theme_colour(theme_id: str) -> tuple[str, str]:
    """The colour of a theme: ``(French name, "#RRGGBB")``.

    Parameters
    ----------
    theme_id : str
        ``T01``, ``T02``... (``T00`` and ids without a number are grey).

    Returns
    -------
    (str, str)
    """
    digits = "".join(c for c in theme_id if c.isdigit())
    number = int(digits) if digits else 0
    if number <= 0:
        return UNCLASSIFIED_COLOUR
    return _SET3[(number - 1) % len(_SET3)]

"""Keywords → recipe: the JSON object `gdchaos basin` reads (include/gdchaos/recipe/recipe_schema.hpp).

Every recipe key is a keyword of the same name, except `lambda` (a Python keyword), which is `lam`.
Values are checked for their Python type here (TypeError); what they mean — ranges, shapes,
consistency — is checked by the library, which raises ValueError with its own message.
"""
import json
import math
import numbers
import os

import numpy as np

from . import _core

# (recipe key, Python keyword, group, help), in the order of the schema
SCHEMA = tuple(_core.recipe_schema())
KEYWORDS = {keyword: key for key, keyword, _, _ in SCHEMA}
KEYWORD_OF = {key: keyword for key, keyword, _, _ in SCHEMA}

# Keys whose value may be text: a name (plane, color, engine), an axis "NAME:lo,hi", a target
# "diag:a,b,…" or a file. Every other key takes numbers only.
TEXT_KEYS = frozenset({"plane", "color", "engine", "axis1", "axis2", "target", "data", "arch", "activation", "param",
                       "init", "fields"})
# Keys that take true or false (networks).
BOOL_KEYS = frozenset({"standardize", "bias", "filter_normalize"})
# Keys that say the same thing as another: giving one replaces the other (as a flag replaces a
# preset's way of saying it on the command line).
REPLACES = {"y": ("target",), "target": ("y",), "lambda": ("reg_coef",), "reg_coef": ("lambda",),
            "window": ("center", "width"), "center": ("window",), "width": ("window",)}


def _number(keyword, x):
    if isinstance(x, (bool, np.bool_)):
        raise TypeError(f"`{keyword}` takes numbers, not a bool")
    if isinstance(x, numbers.Integral):
        return int(x)
    if isinstance(x, numbers.Real):
        x = float(x)
        if not math.isfinite(x):
            raise ValueError(f"`{keyword}` must be finite, got {x}")
        return x
    raise TypeError(f"`{keyword}` takes numbers, not {type(x).__name__}")


def _numbers(keyword, value):
    """A sequence or array of real numbers → nested lists (exact: ints stay ints, floats keep every bit)."""
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"`{keyword}` takes real numbers, got an array of dtype {array.dtype}")
    if array.dtype.kind == "f" and not np.all(np.isfinite(array)):
        raise ValueError(f"`{keyword}` holds a non-finite number")
    return array.tolist()


def _axis(keyword, value):
    """A hyperparameter axis: "NAME:lo,hi" or (NAME, lo, hi)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)) and len(value) == 3 and isinstance(value[0], str):
        lo, hi = (_number(keyword, x) for x in value[1:])
        return f"{value[0]}:{float(lo)!r},{float(hi)!r}"  # repr: every bit of the double survives
    raise TypeError(f"`{keyword}` is 'NAME:lo,hi' or (NAME, lo, hi)")


def recipe_value(keyword, value):
    """The recipe's JSON value for one keyword's Python value."""
    key = KEYWORDS[keyword]
    if key in ("axis1", "axis2"):
        return _axis(keyword, value)
    if key in BOOL_KEYS:
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"`{keyword}` takes True or False")
        return bool(value)
    if key == "fields" and isinstance(value, (list, tuple)):
        if not all(isinstance(x, str) for x in value):
            raise TypeError(f"`{keyword}` takes field names ('loss,norm2', 'none' or a list of names)")
        return list(value)
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, str):
        if key not in TEXT_KEYS:
            raise TypeError(f"`{keyword}` takes numbers, not text")
        return value
    if isinstance(value, (bool, np.bool_, numbers.Number)):
        return _number(keyword, value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return _numbers(keyword, value)
    raise TypeError(f"`{keyword}` cannot be a {type(value).__name__}")


def overlay(recipe, keywords):
    """`recipe` (recipe keys) with the keywords given (Python keywords; None means not given) over it."""
    given = {}
    for keyword, value in keywords.items():
        if value is None:
            continue
        if keyword not in KEYWORDS:
            known = ", ".join(KEYWORDS)
            raise TypeError(f"unknown keyword `{keyword}` (the recipe's keywords: {known})")
        given[KEYWORDS[keyword]] = recipe_value(keyword, value)
    recipe = dict(recipe)
    for key in given:
        for other in REPLACES.get(key, ()):
            if other in given:  # in one call, two ways of saying one thing contradict each other
                raise ValueError(f"give either `{KEYWORD_OF[key]}` or `{KEYWORD_OF[other]}`, not both")
            recipe.pop(other, None)
    recipe.update(given)
    return recipe


def to_json(recipe):
    return json.dumps(recipe, allow_nan=False)


def preset(name):
    """A compiled-in preset (fig3, …) or a .json file (a preset, or a meta.json), as a recipe."""
    return json.loads(_core.load_preset(os.fspath(name)))

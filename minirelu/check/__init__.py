"""Exercise checkers: ``check.<task>(student_function_or_value)``.

Each checker prints one short line and returns True when the answer is right;
prints the first failing case (input, expected, got, a hint) and returns False when
it is not yet; and says kindly "not attempted" when the student's code still raises
NotImplementedError. The first "not yet" names the slip and the case in words; the formula
or the code comes only on request, from ``check.hint("task")``. See
``minirelu/check/_core.py`` for the building blocks.
"""
from .lesson01 import *  # noqa: F401,F403
from .lesson02 import *  # noqa: F401,F403
from .lesson03 import *  # noqa: F401,F403
from .lesson04 import *  # noqa: F401,F403
from .lesson05 import *  # noqa: F401,F403
from .lesson06 import *  # noqa: F401,F403
from .lesson07 import *  # noqa: F401,F403
from .lesson08 import *  # noqa: F401,F403
from .lesson09 import *  # noqa: F401,F403
from .lesson10 import *  # noqa: F401,F403
from .lesson11 import *  # noqa: F401,F403
from .lesson12 import *  # noqa: F401,F403
from .lesson13 import *  # noqa: F401,F403
from .lesson14 import *  # noqa: F401,F403
from .lesson15 import *  # noqa: F401,F403
from .lesson16 import *  # noqa: F401,F403
from ._core import hint  # noqa: F401  (check.hint("mse"): the formula, on request)

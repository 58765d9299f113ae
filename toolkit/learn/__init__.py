"""The no-code learner mode: exercises open as apps (text, forms and feedback, no code).

    python -m toolkit.learn                         # every notebook in _build/learner/
    python -m toolkit.learn _build/learner/04-first-post-exercise.ipynb
    python -m toolkit.learn --host 0.0.0.0          # for a classroom network (asks for a token)

It serves learner editions only, through Voilà with its sources stripped:

- :mod:`toolkit.learn.workspace` checks what it is given (never the course's ``lessons/`` or
  ``exercises/``, never a notebook holding answers or trainer notes) and makes an app copy in a
  private folder (cells tagged ``app-skip`` left out);
- :mod:`toolkit.learn.server` chooses safe server settings (loopback without a token, any other
  address with one; nothing loaded from outside) and starts Voilà with the ``toolkit-learner``
  template (``share/voila/templates/toolkit-learner``: phone-sized text and touch targets).

See docs/LEARNER_MODE.md.
"""

from __future__ import annotations

from toolkit.learn.errors import LearnerModeError
from toolkit.learn.workspace import APP_SKIP, AppWorkspace, prepare_workspace

__all__ = ["APP_SKIP", "AppWorkspace", "LearnerModeError", "prepare_workspace"]

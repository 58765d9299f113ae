"""No-code forms for the forum, for learners who do not write code (ipywidgets 8).

Every form acts on the same ``Forum`` object that code uses, works with the keyboard alone,
shows refusals in plain words, and displays as a static snapshot on the site and in handouts.

    from toolkit.widgets import PostForm
    PostForm(forum, "amina_k")
"""

from __future__ import annotations

from toolkit.widgets.answer import AnswerForm, FieldsForm, PickForm, SortForm
from toolkit.widgets.base import FORM_MIME, Form, View
from toolkit.widgets.comment import CommentForm
from toolkit.widgets.inbox import InboxView
from toolkit.widgets.post import PostForm
from toolkit.widgets.profile import ProfileForm
from toolkit.widgets.quiz import QuizForm
from toolkit.widgets.quote import QuotePicker
from toolkit.widgets.report import ReportForm
from toolkit.widgets.signature import SignatureEditor
from toolkit.widgets.thread import ThreadView

__all__ = [
    "FORM_MIME",
    "AnswerForm",
    "CommentForm",
    "FieldsForm",
    "Form",
    "InboxView",
    "PickForm",
    "PostForm",
    "ProfileForm",
    "QuizForm",
    "QuotePicker",
    "ReportForm",
    "SignatureEditor",
    "SortForm",
    "ThreadView",
    "View",
]

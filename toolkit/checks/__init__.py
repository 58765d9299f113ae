"""Exercises that check themselves: each check looks at a learner's work and returns ``Feedback``.

    from toolkit.checks import check_first_post
    check_first_post(forum, me)          # shows a card: what went well, what is missing, a hint

A check never raises on a learner's mistake: a wrong value, an unknown member or nothing posted
yet gives ``passed=False`` with a kind message. Every result is saved with ``toolkit.progress``.
"""

from __future__ import annotations

from toolkit.checks.checklist import check_safety_checklist
from toolkit.checks.claims import check_claim_decisions
from toolkit.checks.feedback import FEEDBACK_MIME, Feedback
from toolkit.checks.harassment import check_blocked, check_evidence_log
from toolkit.checks.passwords import check_login_code, check_logout_drill, check_passphrase
from toolkit.checks.posts import check_first_post
from toolkit.checks.quotes import check_quote
from toolkit.checks.reactions import check_reactions
from toolkit.checks.replies import check_kind_reply
from toolkit.checks.reports import check_phishing_sort, check_report
from toolkit.checks.safety import check_alias, check_privacy, check_signature

__all__ = [
    "FEEDBACK_MIME",
    "Feedback",
    "check_alias",
    "check_blocked",
    "check_claim_decisions",
    "check_evidence_log",
    "check_first_post",
    "check_kind_reply",
    "check_login_code",
    "check_logout_drill",
    "check_passphrase",
    "check_phishing_sort",
    "check_privacy",
    "check_quote",
    "check_reactions",
    "check_report",
    "check_safety_checklist",
    "check_signature",
]

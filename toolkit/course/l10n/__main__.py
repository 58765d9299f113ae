"""``python -m toolkit.course.l10n``: see :mod:`toolkit.course.l10n.cli`."""

import sys

from toolkit.course.l10n.cli import main

sys.exit(main())

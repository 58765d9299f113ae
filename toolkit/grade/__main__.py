"""``python -m toolkit.grade``: see the package's docstring."""

import sys

from toolkit.grade.cli import main

sys.exit(main())

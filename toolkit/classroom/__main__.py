"""``python -m toolkit.classroom``: see server.py."""

from toolkit.classroom.server import main

raise SystemExit(main())

"""The classroom board: one live forum for the whole workshop, served to the learners' phones.

    python -m toolkit.classroom --db workshop.sqlite

The top floor of the toolkit (beside the course build): a Tornado application in front of the
same ``Forum`` the notebooks use. ``app.py`` assembles it, ``base.py`` holds what every page
shares (sessions, headers, errors), ``pages.py`` the learners' pages, ``trainer.py`` the
trainer's, ``api.py`` the JSON API that ``Forum.connect`` speaks, ``server.py`` the command line.
See docs/CLASSROOM.md.
"""

-- The forum's tables. The version lives in PRAGMA user_version (see store.py).
CREATE TABLE IF NOT EXISTS members (
    id            INTEGER PRIMARY KEY,
    handle        TEXT NOT NULL,
    handle_key    TEXT NOT NULL UNIQUE,      -- NFKC + casefold: one owner per handle
    skeleton      TEXT NOT NULL,             -- look-alike fingerprint (TR39)
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('learner', 'trainer')),
    signature     TEXT,
    messages_from TEXT NOT NULL DEFAULT 'everyone'
                  CHECK (messages_from IN ('everyone', 'trainers', 'nobody')),
    joined_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS members_skeleton ON members (skeleton);

CREATE TABLE IF NOT EXISTS profile_fields (
    member_id  INTEGER NOT NULL REFERENCES members (id),
    field      TEXT NOT NULL,
    value      TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'members', 'only_me')),
    PRIMARY KEY (member_id, field)
);

-- Posts and comments share one table and one id space; a post is its own thread root.
CREATE TABLE IF NOT EXISTS entries (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('post', 'comment')),
    post_id     INTEGER NOT NULL,
    parent_id   INTEGER REFERENCES entries (id),
    reply_to_id INTEGER REFERENCES entries (id),
    depth       INTEGER NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES members (id),
    title       TEXT,
    body        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'visible'
                CHECK (status IN ('visible', 'hidden', 'withdrawn', 'removed')),
    locked      INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    edited_at   TEXT,
    -- A parent is older than its child, so replies can never form a cycle.
    CHECK (parent_id IS NULL OR parent_id < id)
);
CREATE INDEX IF NOT EXISTS entries_thread ON entries (post_id, id);
CREATE INDEX IF NOT EXISTS entries_author ON entries (author_id, created_at);
CREATE INDEX IF NOT EXISTS entries_posts ON entries (kind, id);

CREATE TABLE IF NOT EXISTS revisions (
    entry_id  INTEGER NOT NULL REFERENCES entries (id),
    number    INTEGER NOT NULL,
    title     TEXT,
    body      TEXT NOT NULL,
    edited_at TEXT NOT NULL,
    editor_id INTEGER NOT NULL REFERENCES members (id),
    PRIMARY KEY (entry_id, number)
);

CREATE TABLE IF NOT EXISTS quotes (
    holder_id     INTEGER PRIMARY KEY REFERENCES entries (id),
    source_id     INTEGER NOT NULL REFERENCES entries (id),
    source_author TEXT NOT NULL,             -- the handle at quote time
    excerpt       TEXT NOT NULL,
    quoted_at     TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS reactions (
    entry_id  INTEGER NOT NULL REFERENCES entries (id),
    member_id INTEGER NOT NULL REFERENCES members (id),
    kind      TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (entry_id, member_id, kind)
);

CREATE TABLE IF NOT EXISTS messages (
    id           INTEGER PRIMARY KEY,
    sender_id    INTEGER NOT NULL REFERENCES members (id),
    recipient_id INTEGER NOT NULL REFERENCES members (id),
    subject      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    sent_at      TEXT NOT NULL,
    read_at      TEXT
);
CREATE INDEX IF NOT EXISTS messages_inbox ON messages (recipient_id, id);

CREATE TABLE IF NOT EXISTS blocks (
    blocker_id INTEGER NOT NULL REFERENCES members (id),
    blocked_id INTEGER NOT NULL REFERENCES members (id),
    at         TEXT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);

CREATE TABLE IF NOT EXISTS reports (
    id          INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('post', 'comment', 'message', 'member')),
    target_id   INTEGER NOT NULL,
    reporter_id INTEGER NOT NULL REFERENCES members (id),
    reason      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
    created_at  TEXT NOT NULL,
    -- The trainer who resolved or dismissed it (version 3; older files gain it on opening).
    resolved_by INTEGER REFERENCES members (id)
);
CREATE UNIQUE INDEX IF NOT EXISTS reports_one_open
    ON reports (target_kind, target_id, reporter_id) WHERE status = 'open';

CREATE TABLE IF NOT EXISTS moderation_log (
    id          INTEGER PRIMARY KEY,
    actor_id    INTEGER NOT NULL REFERENCES members (id),
    action      TEXT NOT NULL
                CHECK (action IN ('hide', 'unhide', 'remove', 'restore', 'lock', 'unlock')),
    target_kind TEXT NOT NULL,
    target_id   INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL
);
-- The log is append-only: history cannot be rewritten, even by a trainer.
CREATE TRIGGER IF NOT EXISTS moderation_log_no_update BEFORE UPDATE ON moderation_log
BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS moderation_log_no_delete BEFORE DELETE ON moderation_log
BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END;

-- The classroom board (version 4): its settings (join code, secrets, the pinned post), browser
-- sessions (only a token's sha256 is kept) and PINs (scrypt hashes, with a count of wrong tries).
CREATE TABLE IF NOT EXISTS board_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS board_sessions (
    token_hash TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id),
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS board_sessions_member ON board_sessions (member_id);

CREATE TABLE IF NOT EXISTS board_pins (
    member_id INTEGER PRIMARY KEY REFERENCES members (id),
    pin_hash  TEXT NOT NULL,
    salt      TEXT NOT NULL,
    failures  INTEGER NOT NULL DEFAULT 0,
    failed_at TEXT
);

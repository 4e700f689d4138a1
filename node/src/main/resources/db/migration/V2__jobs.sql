-- Jobs (issue 13): the API's users and tokens, projects and their revisions, inventories, credentials, the job
-- queue's state and every job's events. RabbitMQ carries only job ids and control messages: the truth is here.

-- API users. Passwords are BCrypt hashes (OpenBSDBCrypt, cost 12); the plain text is never stored.
CREATE TABLE api_user (
    id            bigserial   PRIMARY KEY,
    username      text        NOT NULL UNIQUE,
    password_hash text        NOT NULL,
    created       timestamptz NOT NULL DEFAULT now(),
    updated       timestamptz NOT NULL DEFAULT now()
);

-- Bearer tokens, stored as the SHA-256 of the token: a copy of the table lets nobody in.
CREATE TABLE api_token (
    id           bigserial   PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES api_user (id) ON DELETE CASCADE,
    token_sha256 bytea       NOT NULL UNIQUE,
    created      timestamptz NOT NULL DEFAULT now(),
    expires      timestamptz NOT NULL
);

-- A project: a named directory of playbooks and roles. `revision` moves only once every alive node has it.
CREATE TABLE project (
    id       bigserial   PRIMARY KEY,
    name     text        NOT NULL UNIQUE,
    revision text,
    created  timestamptz NOT NULL DEFAULT now(),
    updated  timestamptz NOT NULL DEFAULT now()
);

-- Every uploaded archive (a .tar.gz), by the SHA-256 of its bytes: nodes fetch it from here to unpack.
CREATE TABLE project_revision (
    project_id bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    revision   text        NOT NULL,
    sha256     text        NOT NULL,
    archive    bytea       NOT NULL,
    created    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, revision)
);

-- Each node's answer to a project update: unpacked (ok) or the error it met.
CREATE TABLE project_sync (
    project_id bigint      NOT NULL,
    revision   text        NOT NULL,
    node       text        NOT NULL,
    ok         boolean     NOT NULL,
    error      text,
    at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, revision, node),
    FOREIGN KEY (project_id, revision) REFERENCES project_revision (project_id, revision) ON DELETE CASCADE
);

-- Inventories as INI text, checked with the engine's parser when saved.
CREATE TABLE inventory (
    id      bigserial   PRIMARY KEY,
    name    text        NOT NULL UNIQUE,
    content text        NOT NULL,
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now()
);

-- Credentials: the user in the clear, the SSH key and become password as one AES-256-GCM ciphertext
-- (12-byte nonce, then ciphertext and tag) under the cluster key, which is on every node's disk, never here.
CREATE TABLE credential (
    id       bigserial   PRIMARY KEY,
    name     text        NOT NULL UNIQUE,
    username text        NOT NULL,
    secret   bytea       NOT NULL,
    created  timestamptz NOT NULL DEFAULT now(),
    updated  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE job (
    id               bigserial   PRIMARY KEY,
    status           text        NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'running', 'successful', 'failed', 'error', 'canceled')),
    -- the node that claimed it (its node.name), set with status running
    node             text,
    project_id       bigint      NOT NULL REFERENCES project (id),
    -- the project's revision when the job was launched: the job runs exactly that
    revision         text        NOT NULL,
    playbook         text        NOT NULL,
    inventory_id     bigint      NOT NULL REFERENCES inventory (id),
    credential_id    bigint      REFERENCES credential (id),
    extra_vars       jsonb       NOT NULL DEFAULT '{}',
    job_limit        text,
    job_tags         text,
    check_mode       boolean     NOT NULL DEFAULT false,
    cancel_requested boolean     NOT NULL DEFAULT false,
    created          timestamptz NOT NULL DEFAULT now(),
    started          timestamptz,
    finished         timestamptz,
    exit_code        integer,
    reason           text
);
CREATE INDEX job_unfinished ON job (status, node) WHERE status IN ('pending', 'running');

-- The engine's JSON events of each job, in order (seq 1, 2, 3... per job, given by the node's writer).
CREATE TABLE job_event (
    job_id bigint      NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    seq    bigint      NOT NULL,
    ts     timestamptz NOT NULL,
    event  jsonb       NOT NULL,
    PRIMARY KEY (job_id, seq)
);

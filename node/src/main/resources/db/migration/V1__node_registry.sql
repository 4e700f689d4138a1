-- The registry of cluster nodes. Every node upserts its own row (by the UUID kept on its disk) and
-- refreshes `heartbeat` with the database clock, so no node's clock matters for lost detection.
CREATE TABLE node_instance (
    uuid            uuid        PRIMARY KEY,
    name            text        NOT NULL UNIQUE,
    version         text        NOT NULL,
    -- configured or computed capacity; reported as 0 while the node is lost or disabled
    capacity        integer     NOT NULL CHECK (capacity >= 0),
    cpu_cores       integer     NOT NULL,
    memory_mb       bigint      NOT NULL,
    listen          text        NOT NULL,
    -- operators set this to false to drain a node; a disabled node keeps heartbeating
    enabled         boolean     NOT NULL DEFAULT true,
    -- each node is judged by its own heartbeat interval
    heartbeat_every interval    NOT NULL,
    lost_after      interval    NOT NULL,
    registered_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat       timestamptz NOT NULL DEFAULT now()
);

package dev.muster.node.api;

import dev.muster.node.DatabaseUnavailableException;

/** The endpoints under one path of /api/v1/ (projects, jobs, ...): one class each. */
public interface Resource {
    Reply handle(ApiRequest request) throws DatabaseUnavailableException;
}

package dev.muster.executor;

import dev.muster.connection.ExecResult;
import java.util.Map;

/** Fact gathering in one round trip: a script to run on the host, and how to read what it printed. */
public interface FactSource {

    String script();

    /** The facts, named ansible_* as in Ansible. */
    Map<String, Object> parse(ExecResult result);
}

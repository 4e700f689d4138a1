package dev.muster.playbook;

import java.nio.file.Path;
import java.util.Map;

/**
 * The role a task belongs to: where its files and templates are, its defaults (lowest precedence),
 * its vars and the parameters it was called with (above play vars).
 */
public record RoleContext(String name, Path dir, Map<String, Object> defaults, Map<String, Object> vars, Map<String, Object> params) {
}

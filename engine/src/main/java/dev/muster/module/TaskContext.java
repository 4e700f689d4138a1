package dev.muster.module;

import dev.muster.template.Renderer;
import java.util.Map;

/**
 * What a module may know when it plans a task on one host. Everything here is data already in
 * the controller: nothing a module reads through it touches the network.
 *
 * @param host      the inventory name of the host
 * @param vars      every variable visible to the task on this host, facts included, already merged by precedence
 * @param facts     the gathered facts (ansible_* names); empty when gather_facts is off
 * @param check     --check: report what would change, change nothing
 * @param diff      --diff: return before/after content of files
 * @param resources finds {@code src} files and templates in the role's files/ and templates/ and the playbook directory
 * @param renderer  renders template text with {@code vars}, strictly (an undefined variable is an error)
 */
public record TaskContext(String host, Map<String, Object> vars, Map<String, Object> facts, boolean check, boolean diff,
                          Resources resources, Renderer renderer) {

    /** Looks up files shipped with a role or playbook. */
    public interface Resources {
        /** The bytes of {@code src}, searched in the role's {@code kind} directory ("files" or "templates"), then the playbook's. */
        byte[] read(String kind, String src);

        /**
         * Where {@link #read} finds {@code src} of {@code kind}, a directory too (copy's recursive {@code src}), or null
         * when nothing is there or nothing can be looked at yet (plan time).
         */
        default java.nio.file.Path find(String kind, String src) {
            return null;
        }

        /** The vars file (or directory) {@code name} as include_vars finds it, from the task's place; none by default. */
        default java.nio.file.Path varsPath(String name, boolean directory) {
            throw new IllegalArgumentException("no vars files can be read here: " + name);
        }
    }
}

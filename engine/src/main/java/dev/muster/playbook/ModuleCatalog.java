package dev.muster.playbook;

import dev.muster.module.Module;
import java.util.List;
import java.util.Optional;

/** The modules the engine knows, and the closest names to a misspelled one. */
public interface ModuleCatalog {

    Optional<Module> find(String name);

    /** Known names close to {@code name}, best first; empty when nothing is close. */
    List<String> suggest(String name);
}

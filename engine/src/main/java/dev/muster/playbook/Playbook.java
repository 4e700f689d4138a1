package dev.muster.playbook;

import java.nio.file.Path;
import java.util.List;

/** A loaded and checked playbook. */
public record Playbook(Path file, List<Play> plays) {
}
